"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action.ts";
import { createRole } from "@/lib/domain/roles/create-role.ts";
import { createRoleInput } from "@/lib/domain/roles/schemas.ts";

export const createRoleAction = action(createRoleInput, async (context, input) => {
  const role = await createRole(context, input);
  revalidatePath("/admin/roles");
  return role;
});
