"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action.ts";
import { catchDifferences } from "@/lib/domain/salesforce/catch-differences.ts";
import { retryRecord, runSyncNow } from "@/lib/domain/salesforce/run-now.ts";
import { catchInput, retryRecordInput, runSyncInput, updateMappingInput } from "@/lib/domain/salesforce/schemas.ts";
import { updateMapping } from "@/lib/domain/salesforce/update-mapping.ts";

const PAGE = "/admin/salesforce";

export const saveSalesforceMappingAction = action(updateMappingInput, async (context, input) => {
  const saved = await updateMapping(context, input);
  revalidatePath(PAGE);
  return saved;
});

export const runSalesforceNowAction = action(runSyncInput, async (context, input) => {
  const result = await runSyncNow(context, input);
  revalidatePath(PAGE);
  return result;
});

export const catchSalesforceAction = action(catchInput, async (context, input) => {
  const report = await catchDifferences(context, input);
  revalidatePath(PAGE);
  return report;
});

export const retrySalesforceRecordAction = action(retryRecordInput, async (context, input) => {
  const queued = await retryRecord(context, input);
  // Without a worker on this instance, send it now too (the retry only made it due).
  await runSyncNow(context, { direction: "outbound" }).catch(() => {});
  revalidatePath(PAGE);
  return queued;
});

