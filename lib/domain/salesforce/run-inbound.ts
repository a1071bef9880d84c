import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import { parseStage } from "@/lib/domain/imports/cells.ts";
import { readSettings } from "./state.ts";
import { type Applied, applyInbound, type Rejected, SYNC_EMAIL } from "./apply-inbound.ts";
import { salesforceConfig } from "./config.ts";
import { parseSalesforceDate, SalesforceClient, soqlDateTime } from "./connection.ts";
import { claimLease, finishRun, guardLease, LeaseLost, markFailing, markHealthy, releaseLease, startRun } from "./state.ts";
import { cacheUsers } from "./users.ts";
import { applyAccountDeletions, applyOpportunityDeletions, type Deletions } from "./apply-deletions.ts";

type Stamped = { Id: string; SystemModstamp: string; IsDeleted?: boolean };
type AccountRecord = Stamped & { Name: string | null; ParentId: string | null; MasterRecordId?: string | null };
type OpportunityRecord = Stamped & { AccountId: string | null; Name: string | null; StageName: string | null; Amount: number | null; CloseDate: string | null };
type UserRecord = Stamped & { Email: string | null; IsActive: boolean };

export type InboundResult = {
  runId: string; calls: number; users: number;
  accounts: Omit<Applied, "rejected">; opportunities: Omit<Applied, "rejected">;
  /** Deleted records read; of those, opportunities closed and accounts flagged now, and records Salesforce restored. */
  deleted: { accounts: number; opportunities: number; opportunitiesClosed: number; accountsFlagged: number; restored: number };
  rejected: (Rejected & { object: string })[];
};

/**
 * Re-reads a little before the watermark: a record saved in a transaction that began before the
 * last poll can carry an older SystemModstamp than what that poll saw. Re-reading is harmless (an
 * unchanged record changes nothing).
 */
const overlapMs = () => Number(process.env.SALESFORCE_POLL_OVERLAP_SECONDS ?? 60) * 1000;

const since = (watermark: Date | null) => (watermark ? ` WHERE SystemModstamp > ${soqlDateTime(new Date(watermark.getTime() - overlapMs()))}` : "");

/** Every record changed since the watermark (queryAll: deleted ones too), oldest first, all pages. */
async function changed<T extends Stamped>(client: SalesforceClient, fields: string, object: string, watermark: Date | null, all: boolean) {
  const records: T[] = [];
  let newest = watermark;
  for await (const page of client.pages<T>(`SELECT ${fields} FROM ${object}${since(watermark)} ORDER BY SystemModstamp, Id`, { all })) {
    for (const record of page) {
      records.push(record);
      const at = parseSalesforceDate(record.SystemModstamp);
      if (!newest || at > newest) newest = at;
    }
  }
  return { records, newest };
}

const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));
/** A Salesforce stage Roster does not know leaves the opportunity's stage as it is (an empty cell). */
const stageCell = (name: string | null) => (name && "value" in parseStage(name) ? name : "");

/**
 * One inbound run: users (for lookups), then accounts, then opportunities changed in Salesforce
 * since each object's SystemModstamp watermark — or everything (`full`). Salesforce owns names,
 * stages, amounts and close dates and new records; coverage fields are never read, so a record
 * changed on both sides keeps Salesforce's values for what it owns and Roster's coverage, and
 * Roster's own writes coming back change nothing. Deleted records are not deleted in Roster (their
 * history stays): an opportunity leaves the open pipeline, an account is listed for a person, and
 * both come back if Salesforce restores them (apply-deletions.ts).
 */
export async function runInbound(options: { full?: boolean } = {}): Promise<InboundResult | null> {
  if (!salesforceConfig()) return null;
  const lease = await claimLease("inbound");
  if (!lease) return null;
  const runId = await startRun(options.full ? "full" : "inbound");
  let client: SalesforceClient | null = null;
  let callsBefore = 0;
  const calls = () => (client ? client.calls - callsBefore : 0);
  try {
    client = await SalesforceClient.shared();
    callsBefore = client.calls;
    const marks = await db.salesforceSync.findUniqueOrThrow({
      where: { id: 1 }, select: { userWatermark: true, accountWatermark: true, opportunityWatermark: true },
    });
    const mark = (value: Date | null) => (options.full ? null : value);
    const guarded = (update: (tx: Tx) => Promise<unknown>) => async (tx: Tx) => {
      await guardLease(tx, "inbound", lease);
      await update(tx);
    };

    const users = await changed<UserRecord>(client, "Id, Email, IsActive, SystemModstamp", "User", mark(marks.userWatermark), false);
    await cacheUsers(users.records);
    await db.$transaction(guarded((tx) => tx.$executeRaw`UPDATE salesforce_sync SET user_watermark = ${users.newest} WHERE id = 1`));

    // CRM-owned account fields ride along with the accounts, through the import's field columns.
    const fieldMap = Object.entries((await readSettings()).mapping.accountFields);
    const accountColumns = ["Id", "Name", "ParentId", "IsDeleted", "MasterRecordId", "SystemModstamp", ...fieldMap.map(([, name]) => name)];
    const accounts = await changed<AccountRecord>(client, [...new Set(accountColumns)].join(", "), "Account", mark(marks.accountWatermark), true);
    const liveAccounts = accounts.records.filter((record) => !record.IsDeleted);
    const deletedAccounts = accounts.records.filter((record) => record.IsDeleted).map((record) => ({ externalId: record.Id, masterId: record.MasterRecordId ?? null }));
    let accountDeletions: Deletions = { closed: 0, flagged: 0, restored: 0 };
    const appliedAccounts = await applyInbound(
      "accounts", ["externalId", "name", "parentExternalId", ...fieldMap.map(([key]) => `field:${key}`)],
      liveAccounts.map((record) => [
        record.Id, text(record.Name), text(record.ParentId),
        ...fieldMap.map(([, name]) => text((record as Record<string, unknown>)[name])),
      ]),
      guarded(async (tx) => {
        accountDeletions = await applyAccountDeletions(tx, deletedAccounts, liveAccounts.map((record) => record.Id));
        await tx.$executeRaw`UPDATE salesforce_sync SET account_watermark = ${accounts.newest} WHERE id = 1`;
      }),
    );

    const opportunities = await changed<OpportunityRecord>(
      client, "Id, AccountId, Name, StageName, Amount, CloseDate, IsDeleted, SystemModstamp", "Opportunity", mark(marks.opportunityWatermark), true,
    );
    const liveOpportunities = opportunities.records.filter((record) => !record.IsDeleted);
    const deletedOpportunities = opportunities.records.filter((record) => record.IsDeleted).map((record) => record.Id);
    let opportunityDeletions: Deletions = { closed: 0, flagged: 0, restored: 0 };
    const appliedOpportunities = await applyInbound(
      "opportunities", ["externalId", "accountExternalId", "name", "stage", "amount", "closeDate"],
      liveOpportunities.map((record) => [
        record.Id, text(record.AccountId), text(record.Name), stageCell(record.StageName), text(record.Amount), text(record.CloseDate),
      ]),
      guarded(async (tx) => {
        opportunityDeletions = await applyOpportunityDeletions(tx, deletedOpportunities, liveOpportunities.map((record) => record.Id));
        await tx.$executeRaw`UPDATE salesforce_sync SET opportunity_watermark = ${opportunities.newest} WHERE id = 1`;
        await linkCsqlOpportunities(tx);
      }),
    );

    await markHealthy(db, "inbound");
    const { rejected: accountRejects, ...accountCounts } = appliedAccounts;
    const { rejected: opportunityRejects, ...opportunityCounts } = appliedOpportunities;
    const result: InboundResult = {
      runId, calls: calls(), users: users.records.length, accounts: accountCounts, opportunities: opportunityCounts,
      deleted: {
        accounts: deletedAccounts.length, opportunities: deletedOpportunities.length, opportunitiesClosed: opportunityDeletions.closed,
        accountsFlagged: accountDeletions.flagged, restored: accountDeletions.restored + opportunityDeletions.restored,
      },
      rejected: [
        ...accountRejects.map((reject) => ({ object: "Account", ...reject })),
        ...opportunityRejects.map((reject) => ({ object: "Opportunity", ...reject })),
      ],
    };
    await finishRun(runId, {
      status: "succeeded", records: users.records.length + accounts.records.length + opportunities.records.length, calls: calls(),
      failed: result.rejected.length, report: { ...result, rejected: result.rejected.slice(0, 100) },
    });
    return result;
  } catch (error) {
    const message = error instanceof LeaseLost ? error.message : `Inbound sync stopped: ${(error as Error).message}`;
    if (!(error instanceof LeaseLost)) await markFailing(message).catch(() => {});
    await finishRun(runId, { status: "failed", records: 0, calls: calls(), failed: 0, error: message }).catch(() => {});
    throw error;
  } finally {
    await releaseLease("inbound", lease).catch(() => {});
  }
}

/**
 * A CSQL the sync sent to Salesforce as an Opportunity comes back in as that opportunity: it is
 * the CSQL's conversion (the seller works it in Salesforce), linked both ways and audited, not a
 * second opportunity beside a later Roster conversion.
 */
async function linkCsqlOpportunities(tx: Tx): Promise<void> {
  await tx.$executeRaw`
    WITH sync AS (SELECT id FROM users WHERE email = ${SYNC_EMAIL}),
    found AS (
      SELECT c.id, c.status::text AS status, o.id AS opportunity_id FROM csqls c JOIN opportunities o ON o.external_id = c.external_id
      WHERE c.opportunity_id IS NULL AND c.status IN ('new', 'accepted')
      FOR UPDATE OF c
    ), converted AS (
      UPDATE csqls c SET status = 'converted', opportunity_id = f.opportunity_id, decided_at = now(), updated_at = now(), version = c.version + 1
      FROM found f WHERE c.id = f.id RETURNING c.id
    )
    INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value)
    SELECT (SELECT id FROM sync), 'salesforce', e.entity_type::audit_entity, e.entity_id, e.field, e.from_value, e.to_value
    FROM found f CROSS JOIN LATERAL (VALUES
      ('csql', f.id::text, 'status', f.status, 'converted'),
      ('csql', f.id::text, 'opportunity', NULL, f.opportunity_id::text),
      ('opportunity', f.opportunity_id::text, 'csql', NULL, f.id::text)
    ) AS e(entity_type, entity_id, field, from_value, to_value)
    WHERE EXISTS (SELECT 1 FROM converted)`;
}
