import "server-only";
import { db } from "@/lib/db/client.ts";
import { sequenceChanges } from "@/lib/domain/changes/sequence-changes.ts";
import { salesforceConfig } from "./config.ts";
import { SalesforceClient } from "./connection.ts";
import { sendCsqls } from "./send-csqls.ts";
import { dueRecords, type Failure, recordOutcome, type Ref } from "./pending.ts";
import { type SendHooks, sendCoverage } from "./send-coverage.ts";
import { claimLease, finishRun, guardLease, LeaseLost, markFailing, markHealthy, readSettings, releaseLease, startRun } from "./state.ts";

/** Feed entries read per query, and how many records a send may gather before it checkpoints. */
const FEED_PAGE = 10_000;
const MAX_RECORDS_PER_SEND = 50_000;
const MAX_ENTRIES_PER_SEND = 500_000;

export type OutboundHooks = SendHooks & {
  /** Called after Salesforce accepted a send and before its checkpoint commits (tests crash here). */
  beforeCheckpoint?: () => Promise<void> | void;
};
export type OutboundResult = { runId: string; records: number; failed: number; calls: number; position: bigint };

type Gathered = { last: bigint | null; entries: number; accounts: string[]; opportunities: string[]; csqls: string[] };

/**
 * The records the feed names after `position` whose Salesforce-facing state changed: accounts whose
 * mapped role holder (or Salesforce Id) changed, opportunities whose CSM or primary SA changed, new
 * CSQLs. Only coverage: what Salesforce owns (names, stages, amounts) never goes back, so the
 * inbound sync's own writes (source 'salesforce') cannot bounce. The one coverage write the inbound
 * sync causes — a new Salesforce opportunity stamped with its account's CSM — must go out, and does.
 */
async function gather(position: bigint, roleKeys: string[]): Promise<Gathered> {
  const teamFields = roleKeys.map((key) => `team.${key}`).concat("externalId");
  const accounts = new Set<string>();
  const opportunities = new Set<string>();
  const csqls = new Set<string>();
  let last: bigint | null = null;
  let entries = 0;
  for (;;) {
    const [page]: { last: bigint | null; n: number; accounts: string[]; opportunities: string[]; csqls: string[] }[] = await db.$queryRaw<{ last: bigint | null; n: number; accounts: string[]; opportunities: string[]; csqls: string[] }[]>`
      WITH page AS (
        SELECT f.position, a.entity_type, a.entity_id, a.field FROM change_feed f JOIN audit_entries a ON a.id = f.audit_id
        WHERE f.position > ${last ?? position} ORDER BY f.position LIMIT ${FEED_PAGE}
      )
      SELECT (SELECT max(position) FROM page) AS last, (SELECT count(*)::int FROM page) AS n,
        coalesce((SELECT array_agg(DISTINCT entity_id) FROM page WHERE entity_type = 'account' AND field = ANY(${teamFields}::text[])), '{}') AS accounts,
        coalesce((SELECT array_agg(DISTINCT entity_id) FROM page WHERE entity_type = 'opportunity' AND field IN ('csm', 'primary_sa')), '{}') AS opportunities,
        coalesce((SELECT array_agg(DISTINCT entity_id) FROM page WHERE entity_type = 'csql' AND field = 'created'), '{}') AS csqls`;
    if (!page || page.n === 0) break;
    last = page.last;
    entries += page.n;
    for (const id of page.accounts) accounts.add(id);
    for (const id of page.opportunities) opportunities.add(id);
    for (const id of page.csqls) csqls.add(id);
    if (page.n < FEED_PAGE || accounts.size + opportunities.size >= MAX_RECORDS_PER_SEND || entries >= MAX_ENTRIES_PER_SEND) break;
  }
  return { last, entries, accounts: [...accounts], opportunities: [...opportunities], csqls: [...csqls] };
}

async function send(client: SalesforceClient, refs: Ref[], hooks: SendHooks): Promise<Failure[]> {
  const { mapping, csqlTarget } = await readSettings();
  const pick = (object: Ref["object"]) => refs.filter((ref) => ref.object === object).map((ref) => ref.recordId);
  const coverage = await sendCoverage(client, mapping, { accounts: pick("Account"), opportunities: pick("Opportunity") }, hooks);
  const csqls = await sendCsqls(client, csqlTarget, pick("Csql"));
  return [...coverage.failures, ...csqls];
}

/**
 * One outbound run: first the refused records whose retry is due, then the change feed from the
 * checkpoint on. Each send happens outside any transaction; only after Salesforce answered does
 * the checkpoint move, in one transaction with the refused records' place in the pending list. A
 * crash between the two sends the same records again on the next run (at least once; harmless, since
 * each record's current state is what is sent). A run that cannot reach Salesforce moves nothing.
 * Null when the connector is off or another runner has the turn.
 */
export async function runOutbound(options: { maxSends?: number; hooks?: OutboundHooks } = {}): Promise<OutboundResult | null> {
  if (!salesforceConfig()) return null;
  const lease = await claimLease("outbound");
  if (!lease) return null;
  const runId = await startRun("outbound");
  const hooks = options.hooks ?? {};
  let client: SalesforceClient | null = null;
  let callsBefore = 0;
  const calls = () => (client ? client.calls - callsBefore : 0);
  let records = 0;
  let failed = 0;
  let position = 0n;
  try {
    client = await SalesforceClient.shared();
    callsBefore = client.calls;
    const due = await dueRecords(5_000);
    if (due.length > 0) {
      const failures = await send(client, due, hooks);
      await db.$transaction(async (tx) => {
        await guardLease(tx, "outbound", lease);
        await recordOutcome(tx, due, failures);
      });
      records += due.length;
      failed += failures.length;
    }
    await sequenceChanges();
    const { mapping } = await readSettings();
    for (let sends = 0; sends < (options.maxSends ?? 20); sends++) {
      const state = await db.salesforceSync.findUniqueOrThrow({ where: { id: 1 }, select: { outboundPosition: true } });
      position = state.outboundPosition;
      const gathered = await gather(position, Object.keys(mapping.account));
      if (gathered.last === null) break;
      const refs: Ref[] = [
        ...gathered.accounts.map((recordId) => ({ object: "Account" as const, recordId })),
        ...gathered.opportunities.map((recordId) => ({ object: "Opportunity" as const, recordId })),
        ...gathered.csqls.map((recordId) => ({ object: "Csql" as const, recordId })),
      ];
      const failures = refs.length > 0 ? await send(client, refs, hooks) : [];
      await hooks.beforeCheckpoint?.();
      const last = gathered.last;
      await db.$transaction(async (tx) => {
        await guardLease(tx, "outbound", lease);
        await recordOutcome(tx, refs, failures);
        await tx.$executeRaw`UPDATE salesforce_sync SET outbound_position = ${last} WHERE id = 1`;
        await markHealthy(tx, "outbound");
      }, { timeout: 60_000 });
      position = last;
      records += refs.length;
      failed += failures.length;
    }
    await markHealthy(db, "outbound");
    await finishRun(runId, { status: "succeeded", records, calls: calls(), failed });
    return { runId, records, failed, calls: calls(), position };
  } catch (error) {
    const message = error instanceof LeaseLost ? error.message : `Outbound sync stopped: ${(error as Error).message}`;
    if (!(error instanceof LeaseLost)) await markFailing(message).catch(() => {});
    await finishRun(runId, { status: "failed", records, calls: calls(), failed, error: message }).catch(() => {});
    throw error;
  } finally {
    await releaseLease("outbound", lease).catch(() => {});
  }
}
