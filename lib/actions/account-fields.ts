"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/auth/action.ts";
import { createAccountField } from "@/lib/domain/account-fields/create-account-field.ts";
import { deleteAccountField } from "@/lib/domain/account-fields/delete-account-field.ts";
import { createAccountFieldInput, fieldKeySchema, updateAccountFieldInput } from "@/lib/domain/account-fields/schemas.ts";
import { reorderAccountFields, updateAccountField } from "@/lib/domain/account-fields/update-account-field.ts";

function revalidateFields() {
  revalidatePath("/admin/account-fields");
  revalidatePath("/accounts", "layout");
  revalidatePath("/team-performance");
}

export const createAccountFieldAction = action(createAccountFieldInput, async (context, input) => {
  const field = await createAccountField(context, input);
  revalidateFields();
  return field;
});

export const updateAccountFieldAction = action(updateAccountFieldInput.extend({ key: fieldKeySchema }), async (context, { key, ...input }) => {
  const field = await updateAccountField(context, key, input);
  revalidateFields();
  return field;
});

export const reorderAccountFieldsAction = action(z.object({ keys: z.array(fieldKeySchema).max(500) }), async (context, { keys }) => {
  await reorderAccountFields(context, keys);
  revalidateFields();
  return { ok: true };
});

export const deleteAccountFieldAction = action(z.object({ key: fieldKeySchema, confirm: z.boolean() }), async (context, { key, confirm }) => {
  const result = await deleteAccountField(context, key, { confirm });
  revalidateFields();
  return result;
});
