"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action.ts";
import { undoBatchInput } from "@/lib/domain/batches/schemas.ts";
import { undoBatch } from "@/lib/domain/batches/undo-batch.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";

/** "Undo" on a history entry: the whole batch it belongs to, and every screen that shows teams. */
export const undoBatchAction = action(undoBatchInput.extend({ batchId: idSchema }), async (context, { batchId, ...input }) => {
  const result = await undoBatch(context, batchId, input);
  revalidatePath("/accounts", "layout");
  revalidatePath("/opportunities", "layout");
  revalidatePath("/my-book");
  revalidatePath("/workload");
  return result;
});
