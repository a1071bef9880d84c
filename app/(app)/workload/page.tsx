import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { can } from "@/lib/auth/permissions.ts";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { workloadFilterOptions } from "@/lib/domain/workload/filter-options.ts";
import { getWorkload } from "@/lib/domain/workload/queries.ts";
import { suggestRebalancing } from "@/lib/domain/workload/suggest-rebalancing.ts";
import { getWorkloadTrend } from "@/lib/domain/workload/trend.ts";
import { formatCount, formatMoney, loadStatus } from "@/components/workload/format.ts";
import { RebalancingList } from "@/components/workload/rebalancing-list.tsx";
import { WorkloadCharts } from "@/components/workload/workload-charts.tsx";
import { WorkloadFilters } from "@/components/workload/workload-filters.tsx";
import { WorkloadTable, type WorkloadRow } from "@/components/workload/workload-table.tsx";
import { WorkloadTrend } from "@/components/workload/workload-trend.tsx";
import { CHART_REPS, parseWorkloadParams, SORT_KEYS, type SortKey, TOP_CHOICES, type WorkloadState, workloadHref } from "./params.ts";

export const metadata: Metadata = { title: "Workload" };

const SORT_LABELS: Record<SortKey, string> = {
  name: "Name", accounts: "Accounts", utilization: "Share of capacity", arr: "ARR", openOpportunities: "Open opportunities",
  openPipeline: "Open pipeline", supportingOpportunities: "Supporting opportunities", activities90d: "Activities, 90 days",
};
// Trend lines stay legible up to about this many reps.
const TREND_MAX = 12;

function sortRows(rows: WorkloadRow[], sort: SortKey, dir: "asc" | "desc"): WorkloadRow[] {
  const value = (row: WorkloadRow): number | string => (sort === "name" ? row.name : (row[sort] ?? -1));
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    const order = typeof x === "string" ? x.localeCompare(String(y)) : x - Number(y);
    return sign * order || a.name.localeCompare(b.name);
  });
}

function links(state: WorkloadState, id: string) {
  const book = new URLSearchParams({ [state.role === "csm" ? "csmId" : "saId"]: id });
  const accounts = new URLSearchParams(book);
  if (state.segment) accounts.set("segment", state.segment);
  if (state.region) accounts.set("region", state.region);
  const opportunities = new URLSearchParams({ [state.role === "csm" ? "csmId" : "primarySaId"]: id, open: "true" });
  // Open ones only, as the chart counts them (a merged opportunity is closed, so it drops out too).
  const supporting = new URLSearchParams({ supportingSaId: id, open: "true" });
  // The chart's segment and region narrow the opportunities through their account, as it counts them.
  for (const list of [opportunities, supporting]) {
    if (state.segment) list.set("segment", state.segment);
    if (state.region) list.set("region", state.region);
  }
  return {
    accounts: `/accounts?${accounts}`, book: `/accounts?${book}`, opportunities: `/opportunities?${opportunities}`,
    supporting: state.role === "sa" ? `/opportunities?${supporting}` : undefined,
  };
}

async function TrendSection({ trend, reps, who, capped }: {
  trend: ReturnType<typeof getWorkloadTrend>; reps: { id: string; name: string }[]; who: string; capped: boolean;
}) {
  const { months, series } = await trend;
  return <WorkloadTrend headingId="wl-trend" months={months} reps={reps} series={series} who={who} capped={capped} />;
}

async function RebalancingSection({ result, ...props }: Omit<Parameters<typeof RebalancingList>[0], "result"> & {
  result: ReturnType<typeof suggestRebalancing>;
}) {
  return <RebalancingList result={await result} {...props} />;
}

/** A section's heading and a few grey lines while its numbers are worked out. */
function SectionLoading({ headingId, title, what }: { headingId: string; title: string; what: string }) {
  return (
    <div className="stack" aria-busy="true">
      <h2 id={headingId}>{title}</h2>
      <p className="sr-only" role="status">Loading {what}…</p>
      {Array.from({ length: 4 }, (_, i) => <span key={i} className="wl-skel" style={{ width: `${40 + ((i * 29) % 50)}%` }} aria-hidden="true" />)}
    </div>
  );
}

export default async function WorkloadPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("workload.read");
  const state = parseWorkloadParams(await searchParams);
  const filters = { role: state.role, parentsOnly: state.parentsOnly, managerId: state.managerId, segment: state.segment, region: state.region };
  const slice = [state.segment, state.region].filter(Boolean).join(" · ") || undefined;
  const [items, whole, options] = await Promise.all([
    getWorkload(actor, filters),
    // Capacity is for the whole book, so a segment/region view also needs each rep's whole book.
    slice ? getWorkload(actor, { ...filters, segment: undefined, region: undefined }) : null,
    workloadFilterOptions(actor, state.role),
  ]);
  const book = new Map((whole ?? items).map((item) => [item.user.id, item]));
  const rows = sortRows(items.map((item): WorkloadRow => {
    const href = links(state, item.user.id);
    const inBook = book.get(item.user.id) ?? item;
    return {
      id: item.user.id, name: item.user.name, left: !item.user.active && item.accounts > 0, accounts: item.accounts, bookAccounts: inBook.accounts, capacity: item.capacity,
      utilization: inBook.utilization, arr: item.arr, openOpportunities: item.openOpportunities, openPipeline: item.openPipeline,
      supportingOpportunities: item.supportingOpportunities, activities90d: item.activities90d,
      csqlsRaised: item.csqlsRaised, csqlsConverted: item.csqlsConverted,
      accountsHref: href.accounts, bookHref: href.book, opportunitiesHref: href.opportunities, supportingHref: href.supporting,
    };
  }), state.sort, state.dir);
  const byLoad = sortRows(rows, "accounts", "desc");
  const trendReps = (state.managerId ? sortRows(rows, "name", "asc") : byLoad.slice(0, state.top)).slice(0, TREND_MAX);
  // The trend and the suggestions replay the audit trail and rank accounts (each a few hundred ms of
  // database work at 100k accounts). They stream in behind their own Suspense boundaries, one after
  // the other: run side by side they took both cores while the browser drew the first chart.
  const trend = getWorkloadTrend(actor, { ...filters, userIds: trendReps.map((row) => row.id) });
  const suggest = () => suggestRebalancing(actor, { ...filters, by: state.by });
  const rebalancing = trend.then(suggest, suggest);
  trend.catch(() => {});
  rebalancing.catch(() => {});

  const people = state.role === "csm" ? "CSMs" : "SAs";
  const statuses = rows.map((row) => loadStatus(row.bookAccounts, row.capacity));
  const managers = state.managerId && !options.managers.some((m) => m.id === state.managerId)
    ? [{ id: state.managerId, name: "Selected manager" }, ...options.managers] : options.managers;
  const sortKeys = SORT_KEYS.filter((key) => state.role === "sa" || (key !== "supportingOpportunities" && key !== "activities90d"));
  const sortHref = Object.fromEntries(sortKeys.map((key) => [key, {
    asc: workloadHref(state, { sort: key, dir: "asc" }), desc: workloadHref(state, { sort: key, dir: "desc" }),
  }]));
  const hidden: Record<string, string> = {};
  if (state.view !== "charts") hidden.view = state.view;
  if (state.by !== "arr") hidden.by = state.by;
  if (state.allBars) hidden.all = "true";
  const stats = [
    [people, formatCount(items.length)],
    ["Over capacity", formatCount(statuses.filter((s) => s === "over").length)],
    ["Far under (< 50%)", formatCount(statuses.filter((s) => s === "under").length)],
    [`${state.parentsOnly ? "Parent accounts" : "Accounts"} held${slice ? ` in ${slice}` : ""}`, formatCount(items.reduce((sum, item) => sum + item.accounts, 0))],
    ["ARR covered", formatMoney(items.reduce((sum, item) => sum + Math.round(item.arr * 100), 0) / 100)],
  ] as const;

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Workload</h1>
          <p className="muted" style={{ margin: 0 }}>
            Who carries how much: each rep&apos;s book against their capacity, and where to rebalance. Click a bar or a name for that rep&apos;s accounts.
          </p>
        </div>
      </div>

      <WorkloadFilters
        state={state} managers={managers} segments={options.segments} regions={options.regions} hidden={hidden}
        sorts={sortKeys.map((key) => ({ value: key, label: SORT_LABELS[key] }))} tops={[...TOP_CHOICES]}
      />

      <section className="stats" aria-label="At a glance">
        {stats.map(([label, value]) => (
          <div className="panel stat" key={label}><div className="muted">{label}</div><div className="value">{value}</div></div>
        ))}
      </section>

      <section className="stack" aria-labelledby="wl-now">
        <div className="wl-section-head">
          <h2 id="wl-now">{people} today{slice ? ` in ${slice}` : ""}</h2>
          <nav className="wl-tabs" aria-label="Show as">
            <Link href={workloadHref(state, { view: "charts" })} aria-current={state.view === "charts" ? "page" : undefined} scroll={false}>Charts</Link>
            <Link href={workloadHref(state, { view: "table" })} aria-current={state.view === "table" ? "page" : undefined} scroll={false}>Table</Link>
          </nav>
        </div>
        {slice ? (
          <p className="muted wl-note" style={{ margin: 0 }}>
            The numbers count only accounts in {slice}. Capacity and the load against it are for each rep&apos;s whole book.
          </p>
        ) : null}
        {items.length === 0 ? (
          <div className="panel empty">No {people} match these filters.</div>
        ) : state.view === "table" ? (
          <WorkloadTable rows={rows} role={state.role} sort={state.sort} dir={state.dir} sortHref={sortHref} slice={slice} />
        ) : (
          <>
            {rows.length > CHART_REPS ? (
              <p className="muted wl-note" style={{ margin: 0 }}>
                {state.allBars
                  ? <>All {formatCount(rows.length)} {people}. <Link href={workloadHref(state, { allBars: false })} scroll={false}>Show the first {CHART_REPS}</Link></>
                  : <>The first {CHART_REPS} of {formatCount(rows.length)} {people} in this order; the table lists everyone.{" "}
                      <Link href={workloadHref(state, { allBars: true })} scroll={false}>Show all {formatCount(rows.length)}</Link></>}
              </p>
            ) : null}
            <WorkloadCharts
              role={state.role} slice={slice}
              rows={state.allBars ? rows : rows.slice(0, CHART_REPS)} statuses={state.allBars ? statuses : statuses.slice(0, CHART_REPS)}
            />
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="wl-trend">
        <Suspense fallback={<SectionLoading headingId="wl-trend" title="Trend over the last months" what="the trend" />}>
          <TrendSection
            trend={trend} reps={trendReps.map((row) => ({ id: row.id, name: row.name }))}
            who={state.managerId ? `${managers.find((m) => m.id === state.managerId)?.name ?? "The chosen manager"}'s team` : `Top ${state.top} by accounts held today`}
            capped={Boolean(state.managerId) && items.length > TREND_MAX}
          />
        </Suspense>
      </section>

      <section className="panel" aria-labelledby="wl-rebalance">
        <Suspense fallback={<SectionLoading headingId="wl-rebalance" title="Rebalancing suggestions" what="the suggestions" />}>
          <h2 id="wl-rebalance">Rebalancing suggestions</h2>
          <RebalancingSection
            result={rebalancing} role={state.role} canTransfer={can(actor.profile, "transfers.run")} by={state.by}
            byHref={workloadHref(state, { by: state.by === "arr" ? "pipeline" : "arr" })}
          />
        </Suspense>
      </section>
    </div>
  );
}
