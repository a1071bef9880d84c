// Where the Workload page's time goes, piece by piece. It lives in bench/, not in the domain: the
// domain only answers questions, and whoever wants the timing watches from outside through an
// observer passed in (a profiler marking each case, a CPU stopwatch, a log).
import type { Actor } from "../../lib/auth/actor.ts";
import { workloadFilterOptions } from "../../lib/domain/workload/filter-options.ts";
import { getWorkload } from "../../lib/domain/workload/queries.ts";
import { suggestRebalancing } from "../../lib/domain/workload/suggest-rebalancing.ts";
import { getWorkloadTrend } from "../../lib/domain/workload/trend.ts";

export type WorkloadTiming = { name: string; ms: number; rows: number };

/** Told when each timed run of a case starts and ends; the bench's timing stays out of the domain. */
export type BenchObserver = { onCase?: (name: string, phase: "start" | "end") => void };

// Reads only, so any profile will do; workload.read is everyone's.
const BENCH_ACTOR: Actor = { id: "00000000-0000-0000-0000-000000000000", email: "bench@roster", name: "Bench", profile: "leader" };

/**
 * Times each piece of data the Workload page reads, the way the page reads it, for `npm run bench`
 * (the target is < 400 ms each at 100k accounts and 2M opportunities). Each query runs once to
 * warm the cache, then `runs` times; the median is reported.
 */
export async function benchWorkload(
  options: { runs?: number; actor?: Actor; observer?: BenchObserver } = {},
): Promise<WorkloadTiming[]> {
  const actor = options.actor ?? BENCH_ACTOR;
  const runs = options.runs ?? 3;
  const csm = await getWorkload(actor, { role: "csm", parentsOnly: false });
  const segment = (await workloadFilterOptions(actor, "csm")).segments[0];
  const top = [...csm].sort((a, b) => b.accounts - a.accounts).slice(0, 8).map((item) => item.user.id);
  const saTop = (await getWorkload(actor, { role: "sa", parentsOnly: false }))
    .sort((a, b) => b.accounts - a.accounts).slice(0, 8).map((item) => item.user.id);

  const cases: [string, () => Promise<unknown[]>][] = [
    ["workload csm", () => getWorkload(actor, { role: "csm", parentsOnly: false })],
    ["workload csm, parents only", () => getWorkload(actor, { role: "csm", parentsOnly: true })],
    ["workload csm, one segment", () => getWorkload(actor, { role: "csm", parentsOnly: false, segment })],
    ["workload sa", () => getWorkload(actor, { role: "sa", parentsOnly: false })],
    ["trend csm, top 8, 12 months", async () => (await getWorkloadTrend(actor, { role: "csm", userIds: top })).series],
    ["trend sa, top 8, 12 months", async () => (await getWorkloadTrend(actor, { role: "sa", userIds: saTop })).series],
    ["rebalancing csm, by ARR", async () => (await suggestRebalancing(actor, { role: "csm" })).suggestions],
    ["rebalancing csm, by pipeline", async () => (await suggestRebalancing(actor, { role: "csm", by: "pipeline" })).suggestions],
    ["filter options", async () => (await workloadFilterOptions(actor, "csm")).segments],
  ];
  const timings: WorkloadTiming[] = [];
  for (const [name, run] of cases) {
    let rows = (await run()).length;
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      options.observer?.onCase?.(name, "start");
      const started = performance.now();
      rows = (await run()).length;
      samples.push(performance.now() - started);
      options.observer?.onCase?.(name, "end");
    }
    samples.sort((a, b) => a - b);
    timings.push({ name, ms: Math.round(samples[Math.floor(samples.length / 2)]), rows });
  }
  return timings;
}
