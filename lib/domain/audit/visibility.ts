import "server-only";
import type { AuditEntity } from "@/lib/db/generated/enums.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { can } from "@/lib/auth/permissions.ts";

/**
 * An audit entry may be read by whoever may read what it describes: `audit.read` alone lets a rep
 * follow the history of accounts and opportunities, not read comp's decisions or credentials.
 *
 * - comp period approvals (entity `comp_period`) describe comp: `comp.read`;
 * - a credit fix changes an opportunity's CSM or SA, which everyone may see, but its reason is
 *   comp's: without `comp.read` the reason is withheld. A credit fix is the one opportunity change
 *   written with a reason and without a batch (fix-credit.ts); every other reasoned change (a
 *   transfer, a resolved pending assignment, a stamp) belongs to a batch;
 * - tokens and lockouts of a user describe credentials: `users.manage`.
 */
export const CREDENTIAL_FIELDS = ["api_token", "api_token_revoked", "sign_in_lockout", "sessions_ended"] as const;

export type AuditVisibility = { comp: boolean; credentials: boolean };

export const auditVisibility = (actor: Actor): AuditVisibility => ({
  comp: can(actor.profile, "comp.read"),
  credentials: can(actor.profile, "users.manage"),
});

/** Prisma `where` conditions that drop the entries this reader may not see at all. */
export function hiddenEntries(visibility: AuditVisibility) {
  return [
    ...(visibility.comp ? [] : [{ NOT: { entityType: "comp_period" as AuditEntity } }]),
    ...(visibility.credentials ? [] : [{ NOT: { entityType: "user" as AuditEntity, field: { in: [...CREDENTIAL_FIELDS] } } }]),
  ];
}

/** The reason this reader may see on an entry (null when it is comp's and they may not read comp). */
export function visibleReason(
  visibility: AuditVisibility,
  row: { entityType: AuditEntity; reason: string | null; batchId: string | null },
): string | null {
  if (!row.reason) return null;
  if (!visibility.comp && row.entityType === "opportunity" && row.batchId === null) return null;
  return row.reason;
}
