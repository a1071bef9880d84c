import "server-only";
import { db } from "@/lib/db/client.ts";
import { RECORDS_PER_CALL } from "./config.ts";
import type { SalesforceClient } from "./connection.ts";
import type { SalesforceMapping } from "./schemas.ts";
import { resolveUsers } from "./users.ts";

export type CoverageObject = "Account" | "Opportunity";
export type RecordRef = { object: CoverageObject; recordId: string };
export type RecordFailure = RecordRef & { code: string; message: string };
export type SendOutcome = { sent: number; failures: RecordFailure[] };
/** `afterChunk(n)`: after the n-th API call of a send answered (tests stop a run there). */
export type SendHooks = { afterChunk?: (chunk: number) => Promise<void> | void };

type AccountRow = { id: string; externalId: string; holders: Record<string, string | null> };
type OpportunityRow = { id: string; externalId: string; csm: string | null; primarySa: string | null };

/** Roster's coverage of these accounts (mapped roles only), with holders as lower-cased emails. */
export async function accountCoverage(ids: string[], roleKeys: string[]): Promise<AccountRow[]> {
  if (ids.length === 0 || roleKeys.length === 0) return [];
  return db.$queryRaw<AccountRow[]>`
    SELECT a.id::text, a.external_id AS "externalId",
      coalesce(jsonb_object_agg(h.role_key, lower(u.email)) FILTER (WHERE h.role_key IS NOT NULL), '{}'::jsonb) AS holders
    FROM accounts a
    LEFT JOIN account_role_assignments h ON h.account_id = a.id AND h.role_key = ANY(${roleKeys}::text[])
    LEFT JOIN users u ON u.id = h.user_id
    WHERE a.id = ANY(${ids}::uuid[]) AND a.external_id IS NOT NULL
      AND a.deleted_in_salesforce_at IS NULL -- Salesforce would refuse it (ENTITY_IS_DELETED); a person decides (Admin → Salesforce)
    GROUP BY a.id`;
}

export async function opportunityCoverage(ids: string[]): Promise<OpportunityRow[]> {
  if (ids.length === 0) return [];
  return db.$queryRaw<OpportunityRow[]>`
    SELECT o.id::text, o.external_id AS "externalId", lower(c.email) AS csm, lower(s.email) AS "primarySa"
    FROM opportunities o LEFT JOIN users c ON c.id = o.csm_id LEFT JOIN users s ON s.id = o.primary_sa_id
    WHERE o.id = ANY(${ids}::uuid[]) AND o.external_id IS NOT NULL AND o.deleted_in_salesforce_at IS NULL`;
}

type Payload = { ref: RecordRef; record: Record<string, unknown> };

/**
 * The Salesforce records that carry this coverage: each mapped field set to the holder's
 * Salesforce User Id, or cleared. A holder with no Salesforce user fails that record (nothing of
 * it is sent, so Salesforce never holds half a record's coverage).
 */
export function coveragePayloads(
  mapping: SalesforceMapping, accounts: AccountRow[], opportunities: OpportunityRow[], users: Map<string, string>,
): { payloads: Payload[]; failures: RecordFailure[] } {
  const payloads: Payload[] = [];
  const failures: RecordFailure[] = [];
  const build = (ref: RecordRef, externalId: string, fields: [string, string | null][]) => {
    const record: Record<string, unknown> = { attributes: { type: ref.object }, id: externalId };
    for (const [field, email] of fields) {
      if (email === null) {
        record[field] = null;
        continue;
      }
      const userId = users.get(email);
      if (!userId) {
        failures.push({ ...ref, code: "NO_SALESFORCE_USER", message: `No active Salesforce user has the email ${email}.` });
        return;
      }
      record[field] = userId;
    }
    payloads.push({ ref, record });
  };
  const roles = Object.entries(mapping.account);
  for (const row of accounts) {
    build({ object: "Account", recordId: row.id }, row.externalId, roles.map(([roleKey, field]) => [field, row.holders[roleKey] ?? null]));
  }
  const oppFields: [string, "csm" | "primarySa"][] = [];
  if (mapping.opportunity.csm) oppFields.push([mapping.opportunity.csm, "csm"]);
  if (mapping.opportunity.primarySa) oppFields.push([mapping.opportunity.primarySa, "primarySa"]);
  if (oppFields.length > 0) {
    for (const row of opportunities) {
      build({ object: "Opportunity", recordId: row.id }, row.externalId, oppFields.map(([field, key]) => [field, row[key]]));
    }
  }
  return { payloads, failures };
}

export const emailsOf = (accounts: AccountRow[], opportunities: OpportunityRow[]) => [
  ...accounts.flatMap((row) => Object.values(row.holders).filter((email): email is string => !!email)),
  ...opportunities.flatMap((row) => [row.csm, row.primarySa].filter((email): email is string => !!email)),
];

/**
 * Sends payloads 1,000 a call (one Composite call of five sObject Collections of 200, allOrNone
 * false); each refused record is a failure. `afterChunk` runs after each call.
 */
export async function sendPayloads(client: SalesforceClient, payloads: Payload[], hooks: SendHooks = {}): Promise<RecordFailure[]> {
  const failures: RecordFailure[] = [];
  for (let start = 0, chunk = 0; start < payloads.length; start += RECORDS_PER_CALL, chunk++) {
    const batch = payloads.slice(start, start + RECORDS_PER_CALL);
    const results = await client.update(batch.map((payload) => payload.record));
    batch.forEach((payload, index) => {
      const result = results[index];
      if (result?.success) return;
      const error = result?.errors?.[0];
      failures.push({ ...payload.ref, code: error?.statusCode ?? "NO_RESULT", message: error?.message ?? "Salesforce gave no result for this record." });
    });
    await hooks.afterChunk?.(chunk);
  }
  return failures;
}

/**
 * Writes the current coverage of these records to Salesforce. What is sent is each record's state
 * now, not the change that named it: sending twice writes the same values, so a re-sent page after
 * a crash is harmless, and a record that changed five times is sent once.
 */
export async function sendCoverage(
  client: SalesforceClient, mapping: SalesforceMapping, refs: { accounts: string[]; opportunities: string[] }, hooks: SendHooks = {},
): Promise<SendOutcome> {
  const [accounts, opportunities] = await Promise.all([
    accountCoverage(refs.accounts, Object.keys(mapping.account)),
    opportunityCoverage(refs.opportunities),
  ]);
  const users = await resolveUsers(client, emailsOf(accounts, opportunities));
  const { payloads, failures } = coveragePayloads(mapping, accounts, opportunities, users);
  const refused = await sendPayloads(client, payloads, hooks);
  return { sent: payloads.length, failures: [...failures, ...refused] };
}
