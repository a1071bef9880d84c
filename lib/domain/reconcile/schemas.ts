import { z } from "zod";
import { idSchema } from "@/lib/domain/users/schemas.ts";

export const reconcileTriggers = ["api", "cli", "schedule", "ui"] as const;
export type ReconcileTrigger = (typeof reconcileTriggers)[number];

export const reconcileInput = z.object({
  dryRun: z.boolean({ message: "Say whether this is a dry run (true or false)." }),
  /** Queue the run on the job worker and answer 202 {jobId} at once. */
  async: z.boolean().optional(),
  /** Only these accounts' opportunities (default: every account). */
  accountIds: z.array(idSchema).min(1).max(10_000).optional(),
});
export type ReconcileInput = z.infer<typeof reconcileInput>;

export const reconcileMismatch = z.object({
  opportunityId: z.string(),
  expectedCsmId: z.string().nullable(),
  actualCsmId: z.string().nullable(),
});

export const reconcileOutput = z.object({
  runId: z.string(),
  dryRun: z.boolean(),
  checked: z.number().int(),
  /** At most the first 1000 mismatches, by opportunity id; `mismatchCount` is the full number. */
  mismatches: z.array(reconcileMismatch),
  mismatchCount: z.number().int(),
  repaired: z.number().int(),
  batchId: z.string().nullable(),
});
export type ReconcileResult = z.infer<typeof reconcileOutput>;

export const reconcileQueuedOutput = z.object({ jobId: z.string() });
