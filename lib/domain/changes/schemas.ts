import { z } from "zod";
import { auditEntityTypes, auditSources } from "@/lib/domain/audit/schemas.ts";
import { userOutput } from "@/lib/domain/users/schemas.ts";

export const CHANGE_TYPES = [
  "account.created", "account.updated", "account.role_changed",
  "opportunity.created", "opportunity.updated", "opportunity.csm_stamped", "opportunity.csm_overridden",
  "opportunity.sa_changed", "opportunity.closed", "opportunity.merged",
  "user.created", "user.updated",
  "csql.created", "csql.accepted", "csql.rejected", "csql.converted", "csql.updated",
] as const;

/**
 * A cursor is a feed position, opaque to clients ("c" + base36), so its meaning can change later
 * without a client noticing. Position 0 is the beginning.
 */
export const encodeCursor = (position: bigint) => `c${position.toString(36)}`;
export function decodeCursor(cursor: string): bigint | null {
  return /^c[0-9a-z]{1,13}$/.test(cursor) ? BigInt(parseInt(cursor.slice(1), 36)) : null;
}

export const listChangesQuery = z.object({
  after: z
    .string()
    .trim()
    .refine((value) => value === "now" || decodeCursor(value) !== null, { message: "Not a valid cursor (or \"now\")." })
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type ListChangesQuery = z.infer<typeof listChangesQuery>;

export const changeOutput = z.object({
  id: z.string(),
  cursor: z.string(),
  at: z.string(),
  type: z.string(),
  entityType: z.enum(auditEntityTypes),
  entityId: z.string(),
  accountId: z.string().nullable(),
  field: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  actor: userOutput.nullable(),
  source: z.enum(auditSources),
  batchId: z.string().nullable(),
});
export type ChangeView = z.infer<typeof changeOutput>;

export const changePageOutput = z.object({ items: z.array(changeOutput), nextCursor: z.string() });
