"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action.ts";
import { deactivateUser, deactivateUserInput } from "@/lib/domain/users/deactivate-user.ts";
import { createUser } from "@/lib/domain/users/create-user.ts";
import { createUserInput, idSchema, updateUserInput } from "@/lib/domain/users/schemas.ts";
import { updateUser } from "@/lib/domain/users/update-user.ts";

export const createUserAction = action(createUserInput, async (context, input) => {
  const user = await createUser(context, input);
  revalidatePath("/admin/users");
  return user;
});

export const updateUserAction = action(updateUserInput.extend({ id: idSchema }), async (context, { id, ...input }) => {
  const user = await updateUser(context, id, input);
  revalidatePath("/admin/users");
  revalidatePath(`/admin/users/${id}`);
  return user;
});


/** "Deactivate…" on a user who holds roles: their books move and they are deactivated, in one go. */
export const deactivateUserAction = action(deactivateUserInput.extend({ id: idSchema }), async (context, { id, ...input }) => {
  const result = await deactivateUser(context, id, input);
  revalidatePath("/admin/users");
  revalidatePath(`/admin/users/${id}`);
  revalidatePath("/accounts", "layout");
  revalidatePath("/workload");
  return { transfers: result.transfers.map(({ roleKey, accounts }) => ({ roleKey, accounts })) };
});
