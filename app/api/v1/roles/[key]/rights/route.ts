import { roleKeySchema, roleRightsInput } from "@/lib/domain/roles/schemas.ts";
import { setRoleRights } from "@/lib/domain/roles/set-role-rights.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { api, readJson } from "@/lib/http/api.ts";

export const PUT = api(async (context) => {
  const key = roleKeySchema.safeParse(context.params.key);
  if (!key.success) throw new DomainError("not_found", `No account role "${context.params.key}".`);
  return setRoleRights(context, key.data, await readJson(context.request, roleRightsInput));
});
