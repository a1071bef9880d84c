import { api, pathId, readJson } from "@/lib/http/api.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { assignRoleInput } from "@/lib/domain/accounts/schemas.ts";

export const PUT = api(async (context) =>
  assignAccountRole(
    context,
    pathId(context.params.id, "Account"),
    context.params.roleKey ?? "",
    await readJson(context.request, assignRoleInput),
  ),
);
