// The accounts and opportunities tables of the UI: first page, 50 pages in by following the
// cursor, and the middle of the list by seeking with a cursor for the row there.
import { encodeCursor as accountCursor } from "../../lib/domain/accounts/queries.ts";
import { accountTableQuery } from "../../lib/domain/accounts/schemas.ts";
import { listAccountsForTable } from "../../lib/domain/accounts/table-query.ts";
import { encodeCursor as opportunityCursor } from "../../lib/domain/opportunities/cursor.ts";
import { opportunityTableQuery } from "../../lib/domain/opportunities/schemas.ts";
import { listOpportunitiesForTable } from "../../lib/domain/opportunities/table-query.ts";
import { type BenchContext, one } from "../context.ts";
import { getTeamPerformance } from "../../lib/domain/team-performance/queries.ts";
import { teamPerformanceQuery } from "../../lib/domain/team-performance/schemas.ts";
import { measure, timedResult } from "../measure.ts";

const GOAL = { kind: "p95", ms: 300 } as const;
const DEPTH = 50;

type Lister = (cursor: string | undefined) => Promise<{ items: unknown[]; nextCursor: string | null }>;

/** The three depths of one listing; `middle` is the cursor of the row half-way down the filtered, sorted list. */
async function depths(ctx: BenchContext, group: string, label: string, list: Lister, middle: string | null): Promise<void> {
  const runs = { warmup: 2, runs: ctx.runs(15, 8) };
  const timed = (cursor: string | undefined) => async () => ({ rows: (await list(cursor)).items.length });
  ctx.report(timedResult(group, `${label}: first page`, await measure(runs, timed(undefined)), GOAL));

  let cursor: string | undefined;
  let pages = 1;
  for (; pages < DEPTH; pages++) {
    const page = await list(cursor);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  ctx.report(timedResult(group, `${label}: page ${pages + 1} (followed)`, await measure(runs, timed(cursor)), GOAL));
  if (middle) ctx.report(timedResult(group, `${label}: middle (seek)`, await measure(runs, timed(middle)), GOAL));
}

export async function tableCases(ctx: BenchContext): Promise<void> {
  const actor = ctx.actor;
  // The biggest segment: the filter that leaves the most rows to page through.
  const { segment, n } = await one<{ segment: string; n: number }>(ctx.pool,
    "SELECT segment, count(*)::int AS n FROM accounts WHERE segment IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1");

  // Accounts: one segment, by ARR, largest first.
  const byArr = await one<{ arr: string | null; id: string }>(ctx.pool, `
    SELECT arr::text, id::text FROM accounts WHERE segment = $1 ORDER BY arr DESC NULLS FIRST, id DESC OFFSET $2 LIMIT 1`, [segment, Math.floor(n / 2)]);
  await depths(ctx, "accounts table", `accounts, segment ${segment}, by ARR desc`,
    async (cursor) => listAccountsForTable(actor, accountTableQuery.parse({ segment, sort: "arr", dir: "desc", limit: 50, cursor })),
    accountCursor([byArr.arr, byArr.id]));

  // Accounts: everything, by name, with a text search as people type one.
  const byName = await one<{ name: string; id: string }>(ctx.pool, `
    SELECT name, id::text FROM accounts WHERE parent_id IS NULL ORDER BY name, id
    OFFSET (SELECT count(*) / 2 FROM accounts WHERE parent_id IS NULL) LIMIT 1`);
  await depths(ctx, "accounts table", "accounts, parents only, by name",
    async (cursor) => listAccountsForTable(actor, accountTableQuery.parse({ level: "parent", sort: "name", dir: "asc", limit: 50, cursor })),
    accountCursor([byName.name, byName.id]));
  ctx.report(timedResult("accounts table", "accounts, search \"an\", by name: first page",
    await measure({ warmup: 2, runs: ctx.runs(15, 8) }, async () => ({
      rows: (await listAccountsForTable(actor, accountTableQuery.parse({ q: "an", sort: "name", limit: 50 }))).items.length,
    })), GOAL));

  // Opportunities: open ones, by amount, largest first (nulls first, as the index stores them).
  const { open } = await one<{ open: number }>(ctx.pool, "SELECT count(*)::int AS open FROM opportunities WHERE NOT is_closed");
  const byAmount = await one<{ amount: string | null; id: string }>(ctx.pool, `
    SELECT amount::text, id::text FROM opportunities WHERE NOT is_closed ORDER BY amount DESC NULLS FIRST, id DESC OFFSET $1 LIMIT 1`,
  [Math.floor(open / 2)]);
  await depths(ctx, "opportunities table", "opportunities, open, by amount desc",
    async (cursor) => listOpportunitiesForTable(actor, opportunityTableQuery.parse({ open: "true", sort: "amount", dir: "desc", limit: 50, cursor })),
    opportunityCursor([byAmount.amount, byAmount.id]));

  // Opportunities: every stage, newest first (the default view).
  // The same text form the table's cursor carries (timestampKey).
  const { total } = await one<{ total: number }>(ctx.pool, "SELECT count(*)::int AS total FROM opportunities");
  const newest = await one<{ key: string; id: string }>(ctx.pool, `
    SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS key, id::text
    FROM opportunities ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`, [Math.floor(total / 2)]);
  await depths(ctx, "opportunities table", "opportunities, all, newest first",
    async (cursor) => listOpportunitiesForTable(actor, opportunityTableQuery.parse({ sort: "createdAt", dir: "desc", limit: 50, cursor })),
    opportunityCursor([newest.key, newest.id]));

  // Opportunities: one CSM's book (a narrow filter), by close date.
  const csm = await one<{ id: string; n: number }>(ctx.pool, `
    SELECT csm_id::text AS id, count(*)::int AS n FROM opportunities WHERE csm_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
  const byClose = await one<{ day: string | null; id: string }>(ctx.pool, `
    SELECT to_char(close_date, 'YYYY-MM-DD') AS day, id::text FROM opportunities WHERE csm_id = $1::uuid
    ORDER BY close_date ASC NULLS LAST, id ASC OFFSET $2 LIMIT 1`, [csm.id, Math.floor(csm.n / 2)]);
  await depths(ctx, "opportunities table", `opportunities, busiest CSM (${csm.n.toLocaleString("en-US")}), by close date`,
    async (cursor) => listOpportunitiesForTable(actor, opportunityTableQuery.parse({ csmId: csm.id, sort: "closeDate", dir: "asc", limit: 50, cursor })),
    opportunityCursor([byClose.day, byClose.id]));

  await accountFieldCases(ctx);
}

/**
 * Account fields (issue 18): a sort on a score field at any depth, and a picklist + range filter
 * sorted by a date field, through the same table query the UI and GET /accounts use. The middle
 * cursor is the one the list would hand out there: [key, value as text, id].
 */
async function accountFieldCases(ctx: BenchContext): Promise<void> {
  const actor = ctx.actor;
  const { n } = await one<{ n: number }>(ctx.pool, "SELECT count(*)::int AS n FROM account_field_values WHERE field_key = 'health_score'");
  const byHealth = await one<{ value: string; id: string }>(ctx.pool, `
    SELECT num::text AS value, account_id::text AS id FROM account_field_values WHERE field_key = 'health_score'
    ORDER BY num DESC, account_id DESC OFFSET $1 LIMIT 1`, [Math.floor(n / 2)]);
  await depths(ctx, "accounts table", "accounts, by health score desc (account field)",
    async (cursor) => listAccountsForTable(actor, accountTableQuery.parse({ sort: "field.health_score", dir: "desc", limit: 50, cursor })),
    accountCursor(["health_score", byHealth.value, byHealth.id]));

  const fieldFilters = [{ key: "lifecycle_stage", values: ["at risk", "renewal"] }, { key: "health_score", min: "20", max: "80" }];
  const { m } = await one<{ m: number }>(ctx.pool, `
    SELECT count(*)::int AS m FROM account_field_values r
    WHERE r.field_key = 'renewal_date'
      AND EXISTS (SELECT 1 FROM account_field_values s WHERE s.account_id = r.account_id AND s.field_key = 'lifecycle_stage' AND s.text IN ('at risk', 'renewal'))
      AND EXISTS (SELECT 1 FROM account_field_values h WHERE h.account_id = r.account_id AND h.field_key = 'health_score' AND h.num BETWEEN 20 AND 80)`);
  const byRenewal = m === 0 ? null : await one<{ value: string; id: string }>(ctx.pool, `
    SELECT r.date::text AS value, r.account_id::text AS id FROM account_field_values r
    WHERE r.field_key = 'renewal_date'
      AND EXISTS (SELECT 1 FROM account_field_values s WHERE s.account_id = r.account_id AND s.field_key = 'lifecycle_stage' AND s.text IN ('at risk', 'renewal'))
      AND EXISTS (SELECT 1 FROM account_field_values h WHERE h.account_id = r.account_id AND h.field_key = 'health_score' AND h.num BETWEEN 20 AND 80)
    ORDER BY r.date, r.account_id OFFSET $1 LIMIT 1`, [Math.floor(m / 2)]);
  await depths(ctx, "accounts table", "accounts, stage at risk/renewal and health 20–80, by renewal date (account fields)",
    async (cursor) => listAccountsForTable(actor, accountTableQuery.parse({ fieldFilters, sort: "field.renewal_date", dir: "asc", limit: 50, cursor })),
    byRenewal ? accountCursor(["renewal_date", byRenewal.value, byRenewal.id]) : null);

  ctx.report(timedResult("accounts table", "team performance per CSM, all accounts (scores and lifecycle spread)",
    await measure({ warmup: 1, runs: ctx.runs(10, 5) }, async () => ({
      rows: (await getTeamPerformance(actor, teamPerformanceQuery.parse({}))).items.length,
    })), { kind: "p95", ms: 400 }));
}
