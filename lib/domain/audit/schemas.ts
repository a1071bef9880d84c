import { z } from "zod";
import { userOutput } from "@/lib/domain/users/schemas.ts";

export const auditEntityTypes = ["account", "opportunity", "user", "role", "comp_period", "account_field", "csql", "csql_route"] as const;
/**
 * Why a change was made, kept on every audit entry it writes and shown in history and in comp's
 * "changed since approval". Optional, except where a use case requires it (a closed-won deal's credit).
 */
export const reasonSchema = z.string().trim().max(1000, { message: "At most 1,000 characters." }).optional()
  .describe("Why: kept in the audit trail and shown in history.");

/** An empty reason is no reason. */
export const reasonOf = (reason: string | null | undefined): string | null => reason?.trim() || null;

export const auditSources = ["ui", "api", "import", "stamp", "cascade", "reconcile", "salesforce"] as const;

export const listAuditQuery = z
  .object({
    entityType: z.enum(auditEntityTypes).optional(),
    entityId: z.string().trim().min(1).max(200).optional(),
    // The cursor is the id of the last entry seen; entries are numbered in the order written.
    cursor: z.string().regex(/^\d{1,19}$/, { message: "Not a valid cursor." }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((query) => !query.entityId || query.entityType, {
    message: "Give entityType with entityId.",
    path: ["entityType"],
  });
export type ListAuditQuery = z.infer<typeof listAuditQuery>;

export const auditEntryOutput = z.object({
  id: z.string(),
  at: z.string(),
  actor: userOutput.nullable(),
  source: z.enum(auditSources),
  entityType: z.enum(auditEntityTypes),
  entityId: z.string(),
  field: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  batchId: z.string().nullable(),
  reason: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntryOutput>;

export const auditPageOutput = z.object({ items: z.array(auditEntryOutput), nextCursor: z.string().nullable() });
