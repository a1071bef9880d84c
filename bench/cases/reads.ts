// The screens that read across the whole book: workload per CSM and per SA, comp review.
import { approveCompPeriod } from "../../lib/domain/comp/approve-comp-period.ts";
import { listCompOpportunities } from "../../lib/domain/comp/queries.ts";
import { compReview } from "../../lib/domain/comp/review-queries.ts";
import { quarterOf } from "../../lib/domain/settings/fiscal.ts";
import { fiscalYearStartMonth } from "../../lib/domain/settings/queries.ts";
import { getWorkload } from "../../lib/domain/workload/queries.ts";
import { workloadQuery } from "../../lib/domain/workload/schemas.ts";
import type { BenchContext } from "../context.ts";
import { measure, timedResult } from "../measure.ts";

export async function workloadCases(ctx: BenchContext): Promise<void> {
  const goal = { kind: "p95", ms: 400 } as const;
  const runs = { warmup: 2, runs: ctx.runs(10, 5) };
  const cases: [string, Record<string, string>][] = [
    ["workload per CSM", { role: "csm" }],
    ["workload per CSM, parents only", { role: "csm", parentsOnly: "true" }],
    ["workload per SA", { role: "sa" }],
  ];
  for (const [name, query] of cases) {
    const measured = await measure(runs, async () => ({ rows: (await getWorkload(ctx.actor, workloadQuery.parse(query))).length }));
    ctx.report(timedResult("workload", name, measured, goal));
  }
}

const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * The last complete fiscal quarter: what a comp review is about. Goals from issue 23: the page's
 * first screen (its first page of rows and the period's totals) < 500 ms, the API's first page
 * < 300 ms, approving the quarter < 5 s; all rows through the API are reported as they are.
 */
export async function compCases(ctx: BenchContext): Promise<void> {
  const startMonth = await fiscalYearStartMonth();
  const current = quarterOf(new Date().toISOString().slice(0, 10), startMonth);
  const quarter = quarterOf(dayBefore(current.from), startMonth);
  const period = { from: quarter.from, to: quarter.to };
  const runs = { warmup: 1, runs: ctx.runs(10, 5) };
  const label = "last fiscal quarter";
  const note = `${quarter.from} to ${quarter.to}; rows = the quarter's comp rows`;
  const review = await measure(runs, async () => ({ rows: (await compReview(ctx.actor, period, { limit: 50 })).period.count }));
  ctx.report(timedResult("comp review", `comp review page, first screen (50 rows and the totals), ${label}`, review, { kind: "p95", ms: 500 }, note));
  const first = await measure(runs, async () => ({ rows: (await listCompOpportunities(ctx.actor, { ...period, limit: 50 })).items.length }));
  ctx.report(timedResult("comp review", `comp rows, first page (GET /comp/opportunities?limit=50), ${label}`, first, { kind: "p95", ms: 300 }));
  const rows = await measure({ warmup: 1, runs: ctx.runs(3, 3) }, async () => ({ rows: (await listCompOpportunities(ctx.actor, period)).items.length }));
  ctx.report(timedResult("comp review", `comp rows, all of them (GET /comp/opportunities), ${label}`, rows, { kind: "none" }, note));
  // Each approval is a new snapshot (approvals are never altered): a few more in the bench database, harmless.
  const approve = await measure({ warmup: 0, runs: ctx.runs(3, 2) }, async () => ({
    rows: (await approveCompPeriod({ actor: ctx.actor, source: "ui" }, period)).rows,
  }));
  ctx.report(timedResult("comp review", `approve the ${label} (freeze its comp rows)`, approve, { kind: "p95", ms: 5000 }));
}
