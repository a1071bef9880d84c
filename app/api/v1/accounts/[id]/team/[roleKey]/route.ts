import { api, pathId, pathKey, readJson } from "@/lib/http/api.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { assignRoleInput } from "@/lib/domain/accounts/schemas.ts";

export const PUT = api(async (context) =>
  assignAccountRole(
    context,
    pathId(context.params.id, "Account"),
    pathKey(context.params.roleKey, "Role"),
    await readJson(context.request, assignRoleInput),
  ),
);
