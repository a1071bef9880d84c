import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { lockAccountsTopDown } from "@/lib/domain/accounts/lock-account.ts";
import { SYNC_EMAIL } from "./apply-inbound.ts";

export type DeletedAccount = { externalId: string; masterId: string | null };
export type Deletions = { closed: number; flagged: number; restored: number };

/**
 * What Roster does with records deleted in Salesforce (queryAll's IsDeleted), and with those
 * Salesforce restores. Salesforce owns whether its records exist; Roster owns coverage:
 * - an opportunity deleted there leaves the open pipeline — closed as lost, as a merged duplicate
 *   is, so it is neither stamped nor in workload, open totals or credit — and keeps when it was
 *   deleted. Restored in Salesforce, it comes back in the poll as a live record: its stage is
 *   Salesforce's again (a reopen, which re-stamps the account's CSM) and the mark goes;
 * - an account deleted there (or merged away into MasterRecordId) keeps its coverage and is listed
 *   on Admin → Salesforce: moving its book to the surviving account is a coverage decision, and
 *   Roster does not take it silently. Restored, the mark goes.
 * Runs in the transaction that applies the poll's live records and moves its watermark, so there
 * is no half-write; every change is audited as the sync's, source 'salesforce'.
 */
export async function applyOpportunityDeletions(tx: Tx, deleted: string[], live: string[]): Promise<Deletions> {
  let closed = 0;
  if (deleted.length > 0) {
    const accounts = await tx.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT account_id::text AS id FROM opportunities WHERE external_id = ANY(${deleted}::text[]) AND deleted_in_salesforce_at IS NULL`;
    // Accounts top-down first, as every writer of opportunities does: no deadlock with a stamp.
    await lockAccountsTopDown(tx, accounts.map((row) => row.id));
    const [row] = await tx.$queryRaw<{ n: number }[]>`
      WITH sync AS (SELECT id FROM users WHERE email = ${SYNC_EMAIL}),
      gone AS (
        SELECT o.id, o.stage::text AS stage, o.is_closed FROM opportunities o
        WHERE o.external_id = ANY(${deleted}::text[]) AND o.deleted_in_salesforce_at IS NULL
        FOR UPDATE
      ), updated AS (
        UPDATE opportunities o SET deleted_in_salesforce_at = now(),
          stage = CASE WHEN g.is_closed THEN o.stage ELSE 'closed_lost' END,
          closed_at = CASE WHEN g.is_closed THEN o.closed_at ELSE now() END,
          version = o.version + 1, updated_at = now()
        FROM gone g WHERE o.id = g.id
        RETURNING o.id, g.stage, g.is_closed
      ), audited AS (
        INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value)
        SELECT (SELECT id FROM sync), 'salesforce', 'opportunity', u.id::text, e.field, e.from_value, e.to_value
        FROM updated u CROSS JOIN LATERAL (VALUES
          ('deletedInSalesforce', NULL, 'true'),
          ('stage', u.stage, 'closed_lost'),
          ('locked', 'false', 'true')
        ) AS e(field, from_value, to_value)
        WHERE e.field = 'deletedInSalesforce' OR NOT u.is_closed
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM updated`;
    closed = row?.n ?? 0;
  }
  // The stage came back with the live record (applied just before, in this transaction).
  const restored = live.length === 0 ? 0 : await tx.$executeRaw`
    WITH sync AS (SELECT id FROM users WHERE email = ${SYNC_EMAIL}),
    updated AS (
      UPDATE opportunities o SET deleted_in_salesforce_at = NULL, updated_at = now()
      WHERE o.deleted_in_salesforce_at IS NOT NULL AND o.external_id = ANY(${live}::text[])
      RETURNING o.id
    )
    INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value)
    SELECT (SELECT id FROM sync), 'salesforce', 'opportunity', id::text, 'deletedInSalesforce', 'true', NULL FROM updated`;
  return { closed, flagged: 0, restored };
}

export async function applyAccountDeletions(tx: Tx, deleted: DeletedAccount[], live: string[]): Promise<Deletions> {
  const flagged = deleted.length === 0 ? 0 : await tx.$executeRaw`
    WITH sync AS (SELECT id FROM users WHERE email = ${SYNC_EMAIL}),
    gone AS (SELECT * FROM unnest(${deleted.map((row) => row.externalId)}::text[], ${deleted.map((row) => row.masterId)}::text[]) AS d(external_id, master_id)),
    updated AS (
      UPDATE accounts a SET deleted_in_salesforce_at = now(), salesforce_master_id = g.master_id, updated_at = now()
      FROM gone g WHERE a.external_id = g.external_id AND a.deleted_in_salesforce_at IS NULL
      RETURNING a.id, g.master_id
    )
    INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value)
    SELECT (SELECT id FROM sync), 'salesforce', 'account', id::text, 'deletedInSalesforce', NULL,
      CASE WHEN master_id IS NULL THEN 'deleted' ELSE 'merged into ' || master_id END
    FROM updated`;
  const restored = live.length === 0 ? 0 : await tx.$executeRaw`
    WITH sync AS (SELECT id FROM users WHERE email = ${SYNC_EMAIL}),
    updated AS (
      UPDATE accounts a SET deleted_in_salesforce_at = NULL, salesforce_master_id = NULL, updated_at = now()
      FROM accounts old
      WHERE old.id = a.id AND a.deleted_in_salesforce_at IS NOT NULL AND a.external_id = ANY(${live}::text[])
      RETURNING a.id, old.salesforce_master_id AS master_id
    )
    INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value)
    SELECT (SELECT id FROM sync), 'salesforce', 'account', id::text, 'deletedInSalesforce',
      CASE WHEN master_id IS NULL THEN 'deleted' ELSE 'merged into ' || master_id END, NULL
    FROM updated`;
  return { closed: 0, flagged, restored };
}
