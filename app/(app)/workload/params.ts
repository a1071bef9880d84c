import { z } from "zod";
import { idSchema } from "@/lib/domain/users/schemas.ts";

/** Whitelisted sort keys: the measures of a workload row (the SA ones only for SAs). */
export const SORT_KEYS = [
  "name", "accounts", "utilization", "arr", "openOpportunities", "openPipeline", "supportingOpportunities", "activities90d",
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
const SA_ONLY: readonly SortKey[] = ["supportingOpportunities", "activities90d"];
export const TOP_CHOICES = [5, 8, 12] as const;

const text = z.string().trim().min(1).max(64);

// Each parameter falls back on its own, so one bad value in an edited link does not lose the rest.
const schema = z.object({
  role: z.enum(["csm", "sa"]).catch("csm"),
  parentsOnly: z.literal("true").optional().catch(undefined),
  managerId: idSchema.optional().catch(undefined),
  segment: text.optional().catch(undefined),
  region: text.optional().catch(undefined),
  sort: z.enum(SORT_KEYS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  view: z.enum(["charts", "table"]).catch("charts"),
  top: z.coerce.number().pipe(z.union(TOP_CHOICES.map((n) => z.literal(n)))).optional().catch(undefined),
  by: z.enum(["arr", "pipeline"]).catch("arr"),
  all: z.literal("true").optional().catch(undefined),
});

export type WorkloadState = {
  role: "csm" | "sa"; parentsOnly: boolean; managerId?: string; segment?: string; region?: string;
  sort: SortKey; dir: "asc" | "desc"; view: "charts" | "table"; top: number; by: "arr" | "pipeline";
  /** Draw a bar for every rep, not only the first CHART_REPS in the page's order. */
  allBars: boolean;
};

/** Bars a chart draws unless asked for all: past this the chart is a scroll, and the table reads better. */
export const CHART_REPS = 50;

const DEFAULTS = { sort: "accounts", dir: "desc", view: "charts", top: 8, by: "arr", role: "csm" } as const;
const defaultDir = (sort: SortKey) => (sort === "name" ? "asc" : "desc");

export function parseWorkloadParams(raw: Record<string, string | string[] | undefined>): WorkloadState {
  const flat = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value || undefined]));
  const parsed = schema.parse(flat);
  const sort = parsed.sort && !(parsed.role === "csm" && SA_ONLY.includes(parsed.sort)) ? parsed.sort : DEFAULTS.sort;
  return {
    role: parsed.role, parentsOnly: parsed.parentsOnly === "true", managerId: parsed.managerId,
    segment: parsed.segment, region: parsed.region, sort, dir: parsed.dir ?? defaultDir(sort),
    view: parsed.view, top: parsed.top ?? DEFAULTS.top, by: parsed.by, allBars: parsed.all === "true",
  };
}

/** The page's URL for a state, leaving out what is the default so links stay short. */
export function workloadHref(state: WorkloadState, change: Partial<WorkloadState> = {}): string {
  const next = { ...state, ...change };
  const params = new URLSearchParams();
  if (next.role !== DEFAULTS.role) params.set("role", next.role);
  if (next.parentsOnly) params.set("parentsOnly", "true");
  if (next.managerId) params.set("managerId", next.managerId);
  if (next.segment) params.set("segment", next.segment);
  if (next.region) params.set("region", next.region);
  if (next.sort !== DEFAULTS.sort) params.set("sort", next.sort);
  if (next.dir !== defaultDir(next.sort)) params.set("dir", next.dir);
  if (next.view !== DEFAULTS.view) params.set("view", next.view);
  if (next.top !== DEFAULTS.top) params.set("top", String(next.top));
  if (next.by !== DEFAULTS.by) params.set("by", next.by);
  if (next.allBars) params.set("all", "true");
  const query = params.toString();
  return query ? `/workload?${query}` : "/workload";
}
