import type { Metadata } from "next";
import { formatMoney } from "@/lib/format/format.ts";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { allRoles } from "@/lib/domain/roles/queries.ts";
import { getTeamPerformance } from "@/lib/domain/team-performance/queries.ts";
import type { TeamPerformanceItem } from "@/lib/domain/team-performance/schemas.ts";
import { workloadFilterOptions } from "@/lib/domain/workload/filter-options.ts";
import { TeamPerformanceChart } from "@/components/team-performance/team-performance-chart.tsx";
import { TeamPerformanceFilters } from "@/components/team-performance/team-performance-filters.tsx";
import { parseTeamPerformanceParams, teamPerformanceHref, teamPerformanceParams, type TeamPerformanceState } from "./params.ts";

export const metadata: Metadata = { title: "Team performance" };

const count = new Intl.NumberFormat("en-US");
const money = { format: (value: number) => formatMoney(Math.round(value)) };
const score = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 2 });

type Column = { key: string; label: string; value: (item: TeamPerformanceItem) => number | string | null; show: (item: TeamPerformanceItem) => string };

function sorted(items: TeamPerformanceItem[], column: Column | undefined, dir: "asc" | "desc") {
  if (!column) return items;
  const sign = dir === "asc" ? 1 : -1;
  return [...items].sort((a, b) => {
    const [x, y] = [column.value(a), column.value(b)];
    // People without a figure (no accounts, no scores) go last either way.
    if (x === null || y === null) return x === y ? a.user.name.localeCompare(b.user.name) : x === null ? 1 : -1;
    const order = typeof x === "string" ? x.localeCompare(String(y)) : x - Number(y);
    return sign * order || a.user.name.localeCompare(b.user.name);
  });
}

function SortHeader({ column, state }: { column: Column; state: TeamPerformanceState }) {
  const active = state.sort === column.key;
  const next = active && state.dir === "asc" ? "desc" : "asc";
  return (
    <th scope="col" className={column.key === "name" ? undefined : "num"} aria-sort={active ? (state.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={teamPerformanceHref(state, { sort: column.key, dir: next })} scroll={false}>
        {column.label}{active ? (state.dir === "asc" ? " ▲" : " ▼") : ""}
      </Link>
    </th>
  );
}

export default async function TeamPerformancePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("teamPerformance.read");
  const state = parseTeamPerformanceParams(await searchParams);
  const [roles, options, result] = await Promise.all([
    allRoles(),
    workloadFilterOptions(actor, state.role as "csm" | "sa"),
    getTeamPerformance(actor, state).catch(() => null),
  ]);
  if (!result) {
    return <div className="alert error" role="alert">These filters do not work (the field or role is gone). <Link href="/team-performance">Start again</Link>.</div>;
  }
  const roleLabel = roles.find((role) => role.key === state.role)?.label ?? state.role;
  const columns: Column[] = [
    { key: "name", label: "Name", value: (item) => item.user.name, show: (item) => item.user.name },
    { key: "accounts", label: state.parentsOnly ? "Parent accounts" : "Accounts", value: (item) => item.accounts, show: (item) => count.format(item.accounts) },
    { key: "arr", label: "ARR", value: (item) => item.arr, show: (item) => money.format(item.arr) },
    { key: "mrr", label: "MRR", value: (item) => item.mrr, show: (item) => money.format(item.mrr) },
    ...result.scoreFields.map((field): Column => ({
      key: `score.${field.key}`, label: `Avg ${field.label}`, value: (item) => item.scores[field.key] ?? null,
      show: (item) => (item.scores[field.key] === null || item.scores[field.key] === undefined ? "—" : score.format(item.scores[field.key]!)),
    })),
    ...result.picklists.flatMap((picklist) => picklist.options.map((option): Column => ({
      key: `count.${picklist.key}.${option}`, label: `${picklist.label}: ${option}`, value: (item) => item.counts[picklist.key]?.[option] ?? 0,
      show: (item) => count.format(item.counts[picklist.key]?.[option] ?? 0),
    }))),
  ];
  const items = sorted(result.items, columns.find((column) => column.key === state.sort), state.dir);

  const metrics = [
    { value: "accounts", label: "Accounts" }, { value: "arr", label: "ARR" }, { value: "mrr", label: "MRR" },
    ...result.scoreFields.map((field) => ({ value: field.key, label: `Average ${field.label}` })),
    ...result.picklists.map((picklist) => ({ value: picklist.key, label: `Spread of ${picklist.label}` })),
  ];
  const picklist = result.picklists.find((p) => p.key === state.metric);
  const chartSeries = picklist
    ? picklist.options.map((option) => ({ key: option, label: option }))
    : [{ key: "value", label: metrics.find((m) => m.value === state.metric)?.label ?? "Accounts" }];
  const chartRows = items.map((item) => ({
    id: item.user.id, name: item.user.name,
    values: picklist
      ? Object.fromEntries(picklist.options.map((option) => [option, item.counts[picklist.key]?.[option] ?? 0]))
      : { value: state.metric === "arr" ? item.arr : state.metric === "mrr" ? item.mrr : state.metric === "accounts" ? item.accounts : (item.scores[state.metric] ?? null) },
  }));
  const hidden: Record<string, string> = {};
  if (state.sort !== "name") hidden.sort = state.sort;
  if (state.dir !== "asc") hidden.dir = state.dir;
  const exportQuery = teamPerformanceParams(state);
  for (const key of ["metric", "sort", "dir"]) exportQuery.delete(key);

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Team performance</h1>
          <p className="muted" style={{ margin: 0 }}>
            Each {roleLabel}&apos;s accounts, ARR and MRR, the average of every score field and the spread of each picklist over the accounts they hold.
          </p>
        </div>
        <a className="btn" href={`/api/v1/team-performance.csv${exportQuery.size ? `?${exportQuery}` : ""}`}>Export CSV</a>
      </div>
      <TeamPerformanceFilters
        state={state}
        roles={roles.map((role) => ({ value: role.key, label: role.label }))}
        managers={options.managers.map((manager) => ({ value: manager.id, label: `${manager.name}'s team` }))}
        segments={options.segments} regions={options.regions} metrics={metrics}
        picklists={result.picklists.map((p) => ({ value: p.key, label: p.label }))}
        hidden={hidden}
      />
      {items.length === 0 ? (
        <div className="panel empty">Nobody holds or may hold this role with these filters.</div>
      ) : (
        <>
          <TeamPerformanceChart title={`${metrics.find((m) => m.value === state.metric)?.label ?? "Accounts"} per ${roleLabel}`} rows={chartRows} series={chartSeries} />
          <section className="panel" style={{ padding: 0, overflow: "auto" }} aria-label={`Team performance per ${roleLabel}`}>
            <table className="data">
              <thead><tr>{columns.map((column) => <SortHeader key={column.key} column={column} state={state} />)}</tr></thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.user.id}>
                    {columns.map((column) => column.key === "name" ? (
                      <th scope="row" key={column.key}><Link href={`/accounts?roleKey=${state.role}&holderId=${item.user.id}`}>{item.user.name}</Link></th>
                    ) : <td key={column.key} className="num">{column.show(item)}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
