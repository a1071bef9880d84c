import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { can } from "@/lib/auth/permissions.ts";
import { lockAccount } from "@/lib/domain/accounts/lock-account.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";
import type { Stage } from "./schemas.ts";

/** An opportunity as a use case sees it under its row lock; values as text, as the audit trail records them. */
export type LockedOpportunity = {
  id: string;
  accountId: string;
  externalId: string | null;
  name: string;
  stage: Stage;
  isClosed: boolean;
  amount: string | null;
  closeDate: string | null;
  closedAt: Date | null;
  csmId: string | null;
  csmOverridden: boolean;
  primarySaId: string | null;
  mergedIntoId: string | null;
  version: number;
};

/** Transactions that take an account lock may wait behind a stamp of thousands of opportunities. */
export const OPPORTUNITY_TX = { timeout: 60_000, maxWait: 30_000 } as const;

async function selectForUpdate(tx: Tx, ids: string[]): Promise<LockedOpportunity[]> {
  return tx.$queryRaw<LockedOpportunity[]>`
    SELECT id::text, account_id::text AS "accountId", external_id AS "externalId", name, stage::text AS stage,
      is_closed AS "isClosed", amount::text AS amount, to_char(close_date, 'YYYY-MM-DD') AS "closeDate",
      closed_at AS "closedAt", csm_id::text AS "csmId", csm_overridden AS "csmOverridden",
      primary_sa_id::text AS "primarySaId", merged_into_id::text AS "mergedIntoId", version
    FROM opportunities WHERE id = ANY(${ids}::uuid[])
    ORDER BY id
    FOR UPDATE`;
}

/**
 * Row-locks one opportunity for the rest of the transaction. With `withAccount`, its account is
 * locked first — the order stamping uses (account, then its opportunities) — for every change
 * that must serialize with a reassignment of the account's CSM: a stage change, a CSM override.
 * An opportunity never changes account, so reading its account id before the lock is safe.
 */
export async function lockOpportunity(tx: Tx, id: string, { withAccount }: { withAccount: boolean }): Promise<LockedOpportunity> {
  if (withAccount) {
    const [ref] = await tx.$queryRaw<{ accountId: string }[]>`
      SELECT account_id::text AS "accountId" FROM opportunities WHERE id = ${id}::uuid`;
    if (!ref) throw notFound("Opportunity");
    await lockAccount(tx, ref.accountId);
  }
  const [row] = await selectForUpdate(tx, [id]);
  if (!row) throw notFound("Opportunity");
  return row;
}

/** Locks several opportunities (already under their accounts' locks when needed), in id order. */
export const lockOpportunities = selectForUpdate;

/** Bumps the version and touch time after a change; the caller has written the change itself. */
export async function bumpVersion(tx: Tx, id: string): Promise<void> {
  await tx.$executeRaw`UPDATE opportunities SET version = version + 1, updated_at = now() WHERE id = ${id}::uuid`;
}

/**
 * Who may change an opportunity's SAs. Privileged profiles: always, closed ones too. An `sa`: only
 * for themselves (`selfOnly`) and only while the opportunity is open — on a closed one they get
 * `locked` first, since that is the reason they cannot act even on their own record. Everyone
 * else: `forbidden`. The coarse profile check runs before the record is read.
 */
export function mayChangeSas(actor: Actor): void {
  if (!can(actor.profile, "opportunities.setSas") && !can(actor.profile, "opportunities.setSelfAsSa")) {
    throw new DomainError("forbidden", "Your profile may not change the SAs of an opportunity.");
  }
}

export function authorizeSaChange(actor: Actor, opportunity: LockedOpportunity, selfOnly: boolean): void {
  mayChangeSas(actor);
  if (can(actor.profile, "opportunities.setSas")) return;
  if (opportunity.isClosed) {
    throw new DomainError("locked", "This opportunity is closed; only privileged profiles may change its CSM or SAs.");
  }
  if (!selfOnly) throw new DomainError("forbidden", "An SA may only add or remove themselves.");
}
