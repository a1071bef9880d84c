import { z } from "zod";
import { reasonSchema } from "@/lib/domain/audit/schemas.ts";

export const undoBatchInput = z.object({ reason: reasonSchema });
export type UndoBatchInput = z.infer<typeof undoBatchInput>;

export const undoBatchOutput = z.object({
  /** The batch that was undone. */
  undoneBatchId: z.string(),
  /** The undo's own batch: its entries restore what the undone batch replaced. */
  batchId: z.string(),
  /** Accounts whose holders were restored directly. */
  accounts: z.number().int(),
  /** Inheriting descendants whose CSM followed the restored one. */
  cascadedAccounts: z.number().int(),
  /** Open opportunities stamped again or given back their override. */
  opportunities: z.number().int(),
});
export type UndoBatchResult = z.infer<typeof undoBatchOutput>;

/** How long after a change its batch may be undone. */
export const UNDO_WINDOW_HOURS = 24;
