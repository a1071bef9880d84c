"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action.ts";
import { roleKeySchema, roleRightsInput } from "@/lib/domain/roles/schemas.ts";
import { setRoleRights } from "@/lib/domain/roles/set-role-rights.ts";

export const setRoleRightsAction = action(roleRightsInput.extend({ key: roleKeySchema }), async (context, { key, ...rights }) => {
  const role = await setRoleRights(context, key, rights);
  revalidatePath("/admin/roles");
  return role;
});
