import "server-only";
import { db } from "@/lib/db/client.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { salesforceConfig } from "./config.ts";
import { SalesforceClient, SalesforceError } from "./connection.ts";
import { recordOutcome, type Ref } from "./pending.ts";
import type { CatchReport, Difference, SalesforceMapping } from "./schemas.ts";
import { accountCoverage, coveragePayloads, emailsOf, opportunityCoverage, sendPayloads } from "./send-coverage.ts";
import { finishRun, readSettings, startRun } from "./state.ts";
import { resolveUsers } from "./users.ts";

const LISTED = 500;

type SfRow = Record<string, unknown> & { Id: string };

/**
 * Compares every mapped field in Salesforce with what Roster's coverage says it should hold — the
 * seed's nightly "catch for non-synced CSM", which finds nothing when the sync works — and, unless
 * a dry run, repairs the differences by sending those records' coverage (the outbound path, so a
 * record Salesforce refuses joins the pending list). Page by page: each Salesforce page is matched
 * to Roster's records by Salesforce Id in one query, so memory stays flat at 2M opportunities.
 */
export async function runCatch({ dryRun }: { dryRun: boolean }): Promise<CatchReport> {
  if (!salesforceConfig()) throw new DomainError("invalid_request", "Salesforce is not configured: set SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET.");
  const runId = await startRun("catch");
  let client: SalesforceClient | null = null;
  let callsBefore = 0;
  const calls = () => (client ? client.calls - callsBefore : 0);
  try {
    client = await SalesforceClient.shared();
    callsBefore = client.calls;
    const { mapping } = await readSettings();
    const differences: Difference[] = [];
    let differenceCount = 0;
    let repaired = 0;
    let failed = 0;
    const checked = { accounts: 0, opportunities: 0 };
    const roleFields = Object.entries(mapping.account);
    const oppFields = [["csm", mapping.opportunity.csm], ["primarySa", mapping.opportunity.primarySa]].filter((pair): pair is ["csm" | "primarySa", string] => !!pair[1]);

    for (const object of ["Account", "Opportunity"] as const) {
      const fields = object === "Account" ? roleFields.map(([, field]) => field) : oppFields.map(([, field]) => field);
      if (fields.length === 0) continue;
      for await (const page of client.pages<SfRow>(`SELECT Id, ${[...new Set(fields)].join(", ")} FROM ${object} ORDER BY Id`)) {
        const found = await compare(client, mapping, object, page, roleFields, oppFields);
        checked[object === "Account" ? "accounts" : "opportunities"] += found.checked;
        differenceCount += found.differences.length;
        differences.push(...found.differences.slice(0, Math.max(0, LISTED - differences.length)));
        if (!dryRun && found.repair.payloads.length > 0) {
          const refused = [...found.repair.failures, ...(await sendPayloads(client, found.repair.payloads))];
          const refs: Ref[] = found.repair.payloads.map((payload) => payload.ref);
          await db.$transaction((tx) => recordOutcome(tx, refs, refused));
          repaired += refs.length - refused.filter((failure) => refs.some((ref) => ref.recordId === failure.recordId)).length;
          failed += refused.length;
        }
      }
    }
    const [linked] = await db.$queryRaw<{ accounts: number; opportunities: number }[]>`
      SELECT (SELECT count(*)::int FROM accounts WHERE external_id IS NOT NULL) AS accounts,
             (SELECT count(*)::int FROM opportunities WHERE external_id IS NOT NULL) AS opportunities`;
    const missingInSalesforce = (roleFields.length ? Math.max(0, linked!.accounts - checked.accounts) : 0)
      + (oppFields.length ? Math.max(0, linked!.opportunities - checked.opportunities) : 0);
    const report: CatchReport = { dryRun, checked, differences, differenceCount, repaired, failed, missingInSalesforce, calls: calls() };
    await finishRun(runId, { status: "succeeded", records: checked.accounts + checked.opportunities, calls: calls(), failed, report });
    return report;
  } catch (error) {
    await finishRun(runId, { status: "failed", records: 0, calls: calls(), failed: 0, error: (error as Error).message }).catch(() => {});
    if (error instanceof SalesforceError) throw new DomainError("unavailable", `Salesforce could not be compared: ${error.message}`);
    throw error;
  }
}

async function compare(
  client: SalesforceClient, mapping: SalesforceMapping, object: "Account" | "Opportunity", page: SfRow[],
  roleFields: [string, string][], oppFields: ["csm" | "primarySa", string][],
) {
  const externalIds = page.map((row) => row.Id);
  const ids = object === "Account"
    ? await db.$queryRaw<{ id: string; externalId: string; name: string }[]>`SELECT id::text, external_id AS "externalId", name FROM accounts WHERE external_id = ANY(${externalIds}::text[])`
    : await db.$queryRaw<{ id: string; externalId: string; name: string }[]>`SELECT id::text, external_id AS "externalId", name FROM opportunities WHERE external_id = ANY(${externalIds}::text[])`;
  const accounts = object === "Account" ? await accountCoverage(ids.map((row) => row.id), roleFields.map(([key]) => key)) : [];
  const opportunities = object === "Opportunity" ? await opportunityCoverage(ids.map((row) => row.id)) : [];
  const users = await resolveUsers(client, emailsOf(accounts, opportunities));
  const salesforce = new Map(page.map((row) => [row.Id, row]));
  const names = new Map(ids.map((row) => [row.id, row.name]));
  const differences: Difference[] = [];
  const differing = new Set<string>();
  const check = (recordId: string, externalId: string, field: string, email: string | null) => {
    const held = (salesforce.get(externalId)?.[field] as string | null | undefined) ?? null;
    const expected = email ? (users.get(email) ?? null) : null;
    if (held === expected && !(email && !expected)) return;
    differing.add(recordId);
    differences.push({ object, recordId, externalId, name: names.get(recordId) ?? "", field, salesforce: held, roster: expected, rosterEmail: email });
  };
  for (const row of accounts) for (const [roleKey, field] of roleFields) check(row.id, row.externalId, field, row.holders[roleKey] ?? null);
  for (const row of opportunities) for (const [key, field] of oppFields) check(row.id, row.externalId, field, row[key]);
  const repair = coveragePayloads(
    mapping, accounts.filter((row) => differing.has(row.id)), opportunities.filter((row) => differing.has(row.id)), users,
  );
  return { checked: ids.length, differences, repair };
}
