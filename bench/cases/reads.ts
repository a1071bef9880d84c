// The screens that read across the whole book: workload per CSM and per SA, comp review.
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

/** The last complete fiscal quarter: what a comp review is about. The issue sets no goal; reported as is. */
export async function compCases(ctx: BenchContext): Promise<void> {
  const startMonth = await fiscalYearStartMonth();
  const current = quarterOf(new Date().toISOString().slice(0, 10), startMonth);
  const quarter = quarterOf(dayBefore(current.from), startMonth);
  const period = { from: quarter.from, to: quarter.to };
  const runs = { warmup: 1, runs: ctx.runs(5, 3) };
  const label = "last fiscal quarter";
  const note = `${quarter.from} to ${quarter.to}; rows = the quarter's comp rows`;
  const review = await measure(runs, async () => ({ rows: (await compReview(ctx.actor, period, { limit: 50 })).period.count }));
  ctx.report(timedResult("comp review", `comp review page, ${label}`, review, { kind: "none" }, note));
  const rows = await measure(runs, async () => ({ rows: (await listCompOpportunities(ctx.actor, period)).items.length }));
  ctx.report(timedResult("comp review", `comp rows (GET /comp/opportunities), ${label}`, rows, { kind: "none" }, note));
}
