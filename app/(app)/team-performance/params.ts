// The page's state, all in the URL: filters (the API's own parameters), the chart's measure and the table's sort.
import { teamPerformanceQuery, type TeamPerformanceQuery } from "@/lib/domain/team-performance/schemas.ts";

export type TeamPerformanceState = TeamPerformanceQuery & { metric: string; sort: string; dir: "asc" | "desc" };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

/** What the URL says, each piece checked on its own: an edited link loses only the part that does not parse. */
export function parseTeamPerformanceParams(params: Record<string, string | string[] | undefined>): TeamPerformanceState {
  const raw = Object.fromEntries(["role", "parentsOnly", "managerId", "segment", "region", "picklist"].map((key) => [key, first(params[key])]));
  const query = teamPerformanceQuery.parse(Object.fromEntries(Object.entries(raw).filter(([key, value]) => {
    if (value === undefined) return false;
    return teamPerformanceQuery.shape[key as keyof typeof teamPerformanceQuery.shape].safeParse(value).success;
  })));
  const metric = first(params.metric) ?? "accounts";
  const sort = first(params.sort) ?? "name";
  return { ...query, metric: /^[a-z][a-z0-9_]{0,39}$/.test(metric) ? metric : "accounts", sort: /^[a-z][a-z0-9_.]{0,50}$/.test(sort) ? sort : "name", dir: first(params.dir) === "desc" ? "desc" : "asc" };
}

export function teamPerformanceParams(state: TeamPerformanceState, patch: Partial<TeamPerformanceState> = {}): URLSearchParams {
  const next = { ...state, ...patch };
  const params = new URLSearchParams();
  if (next.role !== "csm") params.set("role", next.role);
  if (next.parentsOnly) params.set("parentsOnly", "true");
  for (const key of ["managerId", "segment", "region", "picklist"] as const) if (next[key]) params.set(key, next[key]!);
  if (next.metric !== "accounts") params.set("metric", next.metric);
  if (next.sort !== "name") params.set("sort", next.sort);
  if (next.dir !== "asc") params.set("dir", next.dir);
  return params;
}

export const teamPerformanceHref = (state: TeamPerformanceState, patch: Partial<TeamPerformanceState> = {}) => {
  const query = teamPerformanceParams(state, patch).toString();
  return query ? `/team-performance?${query}` : "/team-performance";
};
