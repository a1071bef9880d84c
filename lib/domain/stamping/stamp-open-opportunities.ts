import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import { type AccountSet, accountSetRows, inAccountSet, isEmptyAccountSet } from "@/lib/domain/accounts/account-set.ts";

export type StampMeta = {
  actorId: string | null;
  batchId: string;
  includeOverridden: boolean;
  /** "stamp" after a CSM change; "reconcile" when repairing drift. */
  source?: "stamp" | "reconcile";
  reason?: string | null;
};
export type StampResult = { opportunities: number; skippedOverridden: number };

/**
 * Gives every open opportunity of the accounts its account's current CSM (the `csm` holder; none
 * when unassigned or pending). Overridden ones keep their CSM unless `includeOverridden`, which
 * stamps them and clears the override. Callers hold the accounts' locks, so no writer of these
 * opportunities runs concurrently.
 *
 * One statement for the whole set (thousands of opportunities per account, tens of thousands in a
 * book transfer): it reads the old values, updates, and writes one audit entry per
 * stamped field, all server-side. Closed (locked) opportunities are never touched. No row locks
 * are taken before the update: the account locks already exclude every other writer, and locking
 * first would write each row twice (a 50,000-row stamp took 2.3× the bare UPDATE with it).
 */
export async function stampOpenOpportunities(tx: Tx, accounts: AccountSet, meta: StampMeta): Promise<StampResult> {
  if (isEmptyAccountSet(accounts)) return { opportunities: 0, skippedOverridden: 0 };
  const source = meta.source ?? "stamp";
  // Ids filter the table (= ANY, the plan the whale stamp is measured with). A query (an import's
  // accounts) is walked account by account through the open-opportunities index instead: nothing
  // tells the planner how many opportunities its accounts have, and at 100,000 accounts it guessed
  // a million and hash-joined two scans of the whole table (7 s where the probes take 0.5 s).
  const open = "query" in accounts
    ? Prisma.sql`(${accounts.query}) AS s(id)
        CROSS JOIN LATERAL (SELECT * FROM opportunities o WHERE o.account_id = s.id AND NOT o.is_closed OFFSET 0) o`
    : Prisma.sql`opportunities o`;
  const inSet = "query" in accounts ? Prisma.sql`true` : inAccountSet(Prisma.sql`o.account_id`, accounts);
  const stampable = (o: Prisma.Sql, holder: Prisma.Sql) => Prisma.sql`NOT ${o}.is_closed
    AND (NOT ${o}.csm_overridden OR ${meta.includeOverridden})
    AND (${o}.csm_id IS DISTINCT FROM ${holder} OR ${o}.csm_overridden)`;
  // The UPDATE finds its rows itself, through the account, as the bare statement would; the old
  // values come from a read of the same snapshot, joined by id afterwards. Updating "FROM target
  // WHERE o.id = t.id" instead made the planner hash-join the whole 2M-row table for a 50,000-row
  // whale (1.65× the bare UPDATE). Joining on ctid would avoid that too, but a concurrent SA
  // change (which takes no account lock) moves the row, and the re-check would then skip it.
  const [result] = await tx.$queryRaw<StampResult[]>`
    WITH target AS MATERIALIZED (
      SELECT o.id, o.csm_id AS old_csm, o.csm_overridden AS was_overridden
      FROM ${open}
      LEFT JOIN account_role_assignments h ON h.account_id = o.account_id AND h.role_key = 'csm'
      WHERE ${inSet} AND ${stampable(Prisma.sql`o`, Prisma.sql`h.user_id`)}
    ), holder AS (
      SELECT s.id AS account_id, h.user_id
      FROM (${accountSetRows(accounts)}) s
      LEFT JOIN account_role_assignments h ON h.account_id = s.id AND h.role_key = 'csm'
    ), stamped AS (
      UPDATE opportunities o
      SET csm_id = hd.user_id, csm_overridden = false, version = o.version + 1, updated_at = now()
      FROM holder hd
      WHERE o.account_id = hd.account_id AND ${stampable(Prisma.sql`o`, Prisma.sql`hd.user_id`)}
      RETURNING o.id, hd.user_id AS new_csm
    ), audited AS (
      INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value, batch_id, reason)
      SELECT ${meta.actorId}::uuid, ${source}::audit_source, 'opportunity', s.id::text, c.field, c.from_value, c.to_value,
        ${meta.batchId}::uuid, ${meta.reason ?? null}
      FROM stamped s
      JOIN target t ON t.id = s.id
      CROSS JOIN LATERAL (VALUES ('csm', t.old_csm::text, s.new_csm::text), ('csm_overridden', 'true', 'false'))
        AS c(field, from_value, to_value)
      WHERE (c.field = 'csm' AND t.old_csm IS DISTINCT FROM s.new_csm) OR (c.field = 'csm_overridden' AND t.was_overridden)
    )
    SELECT
      (SELECT count(*)::int FROM stamped) AS opportunities,
      (SELECT count(*)::int FROM opportunities
        WHERE ${inAccountSet(Prisma.sql`account_id`, accounts)} AND NOT is_closed AND csm_overridden AND NOT ${meta.includeOverridden}
      ) AS "skippedOverridden"`;
  return result;
}
