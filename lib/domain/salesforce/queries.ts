import "server-only";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { db } from "@/lib/db/client.ts";
import { salesforceConfig } from "./config.ts";
import { type PendingRecord, type SyncRun, type SyncStatus, syncRun } from "./schemas.ts";
import { readSettings } from "./state.ts";

/** GET /sync/salesforce: configuration, last runs, how far behind, what waits. */
export async function syncStatus({ actor }: ActorContext): Promise<SyncStatus> {
  authorize(actor, "salesforce.read");
  const { mapping, csqlTarget } = await readSettings();
  const [row] = await db.$queryRaw<{
    lastInboundAt: Date | null; lastOutboundAt: Date | null; lastError: string | null; failingSince: Date | null;
    oldest: Date | null; pending: number; failed: number;
  }[]>`
    SELECT s.last_inbound_at AS "lastInboundAt", s.last_outbound_at AS "lastOutboundAt", s.last_error AS "lastError",
      s.failing_since AS "failingSince",
      (SELECT a.at FROM change_feed f JOIN audit_entries a ON a.id = f.audit_id WHERE f.position > s.outbound_position ORDER BY f.position LIMIT 1) AS oldest,
      (SELECT count(*)::int FROM salesforce_pending WHERE status = 'pending') AS pending,
      (SELECT count(*)::int FROM salesforce_pending WHERE status = 'failed') AS failed
    FROM salesforce_sync s WHERE s.id = 1`;
  const iso = (value: Date | null | undefined) => value?.toISOString() ?? null;
  return {
    enabled: salesforceConfig() !== null,
    lastInboundAt: iso(row?.lastInboundAt), lastOutboundAt: iso(row?.lastOutboundAt),
    lagSeconds: row?.oldest ? Math.max(0, Math.round((Date.now() - row.oldest.getTime()) / 1000)) : 0,
    pending: row?.pending ?? 0, failed: row?.failed ?? 0, mapping, csqlTarget,
    lastError: row?.lastError ?? null, failingSince: iso(row?.failingSince),
  };
}

/** Records Salesforce refused, with their error: failed ones first, then the newest. */
export async function listPendingRecords({ actor }: ActorContext, limit = 100): Promise<{ items: PendingRecord[] }> {
  authorize(actor, "salesforce.read");
  const rows = await db.$queryRaw<(Omit<PendingRecord, "nextAttemptAt" | "firstFailedAt"> & { nextAttemptAt: Date; firstFailedAt: Date })[]>`
    SELECT p.object, p.record_id::text AS "recordId", coalesce(a.name, o.name, c.title) AS name,
      coalesce(a.external_id, o.external_id, c.external_id) AS "externalId", p.status, p.attempts, p.error_code AS "errorCode",
      p.last_error AS "lastError", p.next_attempt_at AS "nextAttemptAt", p.first_failed_at AS "firstFailedAt"
    FROM salesforce_pending p
    LEFT JOIN accounts a ON p.object = 'Account' AND a.id = p.record_id
    LEFT JOIN opportunities o ON p.object = 'Opportunity' AND o.id = p.record_id
    LEFT JOIN csqls c ON p.object = 'Csql' AND c.id = p.record_id
    ORDER BY p.status = 'failed' DESC, p.updated_at DESC LIMIT ${limit}`;
  return { items: rows.map((row) => ({ ...row, nextAttemptAt: row.nextAttemptAt.toISOString(), firstFailedAt: row.firstFailedAt.toISOString() })) };
}

export async function listRuns({ actor }: ActorContext, limit = 20): Promise<{ items: SyncRun[] }> {
  authorize(actor, "salesforce.read");
  const rows = await db.salesforceRun.findMany({ orderBy: { startedAt: "desc" }, take: limit });
  return {
    items: rows.map((row) => syncRun.parse({
      ...row, startedAt: row.startedAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null, report: row.report ?? null,
    })),
  };
}

export type DeletedAccount = {
  id: string; name: string; externalId: string | null; deletedAt: string; holders: number;
  /** The account Salesforce merged it into: in Roster when `id` is set. */
  master: { externalId: string; id: string | null; name: string | null } | null;
};

/**
 * Accounts deleted in Salesforce (or merged away) whose coverage Roster kept: for a person to move
 * the book to the surviving account, or to leave as it is. Newest first.
 */
export async function listDeletedAccounts({ actor }: ActorContext, limit = 100): Promise<{ items: DeletedAccount[] }> {
  authorize(actor, "salesforce.read");
  const rows = await db.$queryRaw<(Omit<DeletedAccount, "deletedAt" | "master"> & { deletedAt: Date; masterExternalId: string | null; masterId: string | null; masterName: string | null })[]>`
    SELECT a.id::text, a.name, a.external_id AS "externalId", a.deleted_in_salesforce_at AS "deletedAt",
      (SELECT count(*)::int FROM account_role_assignments h WHERE h.account_id = a.id) AS holders,
      a.salesforce_master_id AS "masterExternalId", m.id::text AS "masterId", m.name AS "masterName"
    FROM accounts a LEFT JOIN accounts m ON m.external_id = a.salesforce_master_id
    WHERE a.deleted_in_salesforce_at IS NOT NULL
    ORDER BY a.deleted_in_salesforce_at DESC, a.id LIMIT ${limit}`;
  return {
    items: rows.map(({ masterExternalId, masterId, masterName, deletedAt, ...row }) => ({
      ...row, deletedAt: deletedAt.toISOString(),
      master: masterExternalId ? { externalId: masterExternalId, id: masterId, name: masterName } : null,
    })),
  };
}
