"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action.ts";
import { createRole } from "@/lib/domain/roles/create-role.ts";
import { createRoleInput } from "@/lib/domain/roles/schemas.ts";
import { roleKeySchema, roleRightsInput } from "@/lib/domain/roles/schemas.ts";
import { setRoleRights } from "@/lib/domain/roles/set-role-rights.ts";

export const createRoleAction = action(createRoleInput, async (context, input) => {
  const role = await createRole(context, input);
  revalidatePath("/admin/roles");
  return role;
});

export const setRoleRightsAction = action(roleRightsInput.extend({ key: roleKeySchema }), async (context, { key, ...rights }) => {
  const role = await setRoleRights(context, key, rights);
  revalidatePath("/admin/roles");
  return role;
});
