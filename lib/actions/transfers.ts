"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action.ts";
import { transferBookInput } from "@/lib/domain/transfers/schemas.ts";
import { transferBook } from "@/lib/domain/transfers/transfer-book.ts";

/** Preview (dryRun) or run a book transfer; a real run refreshes every screen that shows teams. */
export const transferBookAction = action(transferBookInput, async (context, input) => {
  const result = await transferBook(context, input);
  if (!input.dryRun) {
    revalidatePath("/accounts", "layout");
    revalidatePath("/my-book");
    revalidatePath("/opportunities", "layout");
    revalidatePath("/transfers");
  }
  return result;
});
