"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action.ts";
import { setAccountFieldsInput } from "@/lib/domain/account-fields/schemas.ts";
import { setAccountFields } from "@/lib/domain/account-fields/set-account-fields.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";

export const setAccountFieldsAction = action(setAccountFieldsInput.extend({ accountId: idSchema }), async (context, { accountId, ...input }) => {
  const account = await setAccountFields(context, accountId, input);
  revalidatePath("/accounts");
  revalidatePath(`/accounts/${accountId}`);
  return { version: account.version };
});
