import { z } from "zod";
import { movePreviewOutput } from "@/lib/domain/accounts/move-preview-schema.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";
import { reasonSchema } from "@/lib/domain/audit/schemas.ts";
import { roleKeySchema } from "@/lib/domain/roles/schemas.ts";

export const transferBookInput = z.object({
  roleKey: roleKeySchema,
  fromUserId: idSchema,
  toUserId: idSchema,
  segment: z.string().trim().min(1).max(64).optional(),
  region: z.string().trim().min(1).max(64).optional(),
  includeOverridden: z.boolean().optional(),
  reason: reasonSchema,
  dryRun: z.boolean({ message: "Say whether this is a dry run (true or false)." }),
});
export type TransferBookInput = z.infer<typeof transferBookInput>;

export const transferBookOutput = z.object({
  /** Accounts whose holder changed: those moved directly plus inheriting descendants that followed. */
  accounts: z.number().int(),
  opportunities: z.number().int(),
  skippedOverridden: z.number().int(),
  /** The audit batch of the transfer; null for a dry run, which records nothing. */
  batchId: z.string().nullable(),
  cascadedAccounts: z.number().int(),
  /** Dry runs only: the receiving rep's load before → after against capacity, and the first 50 accounts and opportunities that move. */
  preview: movePreviewOutput.optional(),
});
export type TransferBookResult = z.infer<typeof transferBookOutput>;
