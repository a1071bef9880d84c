"use client";

import "./workload.css";
import { useRouter } from "next/navigation";
import { type FormEvent, useTransition } from "react";

export type WorkloadFilterState = {
  role: "csm" | "sa"; parentsOnly: boolean; managerId?: string; segment?: string; region?: string;
  sort: string; dir: "asc" | "desc"; view: string; top: number; by: string;
};

type Option = { value: string; label: string };

/**
 * The page's filters as a GET form, so they work before the script loads and every choice lands in
 * the URL. With the script, a change applies at once and empty choices stay out of the URL.
 */
export function WorkloadFilters({ state, managers, segments, regions, sorts, tops, hidden }: {
  state: WorkloadFilterState;
  managers: { id: string; name: string }[];
  segments: string[];
  regions: string[];
  sorts: Option[];
  tops: number[];
  /** Parameters the form does not show but must keep (the view, the suggestion order). */
  hidden: Record<string, string>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const apply = (form: HTMLFormElement) => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === "string" && value !== "") params.set(key, value);
    const query = params.toString();
    startTransition(() => router.push(query ? `/workload?${query}` : "/workload", { scroll: false }));
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(event.currentTarget);
  };

  // Keyed by the URL's state, so Back and links reset the controls to what the page shows.
  return (
    <form key={JSON.stringify(state)} method="get" action="/workload" className="panel wl-filters" onSubmit={onSubmit}
      onChange={(event) => apply(event.currentTarget)} aria-label="Workload filters">
      {Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <div className="field">
        <label htmlFor="wl-role">People</label>
        <select id="wl-role" name="role" defaultValue={state.role}>
          <option value="csm">Customer Success Managers</option>
          <option value="sa">Solutions Architects</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="wl-manager">Manager / team</label>
        <select id="wl-manager" name="managerId" defaultValue={state.managerId ?? ""}>
          <option value="">Everyone</option>
          {managers.map((manager) => <option key={manager.id} value={manager.id}>{manager.name}&apos;s team</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="wl-segment">Segment</label>
        <select id="wl-segment" name="segment" defaultValue={state.segment ?? ""}>
          <option value="">All segments</option>
          {segments.map((segment) => <option key={segment} value={segment}>{segment}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="wl-region">Region</label>
        <select id="wl-region" name="region" defaultValue={state.region ?? ""}>
          <option value="">All regions</option>
          {regions.map((region) => <option key={region} value={region}>{region}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="wl-sort">Sort by</label>
        <select id="wl-sort" name="sort" defaultValue={state.sort}>
          {sorts.map((sort) => <option key={sort.value} value={sort.value}>{sort.label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="wl-dir">Order</label>
        <select id="wl-dir" name="dir" defaultValue={state.dir}>
          <option value="desc">Highest first</option>
          <option value="asc">Lowest first</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="wl-top">Trend shows</label>
        <select id="wl-top" name="top" defaultValue={String(state.top)} disabled={Boolean(state.managerId)}
          aria-describedby="wl-top-hint">
          {tops.map((top) => <option key={top} value={top}>Top {top} by accounts</option>)}
        </select>
        <span className="hint" id="wl-top-hint">{state.managerId ? "The chosen team" : "Or choose a team"}</span>
      </div>
      <div className="wl-check-field">
        <label className="wl-check">
          <input type="checkbox" name="parentsOnly" value="true" defaultChecked={state.parentsOnly} aria-describedby="wl-parents-hint" />
          Count parent accounts only
        </label>
        <span className="hint" id="wl-parents-hint">Children roll up into their parent: each hierarchy counts once.</span>
      </div>
      <div className="wl-apply">
        <button type="submit" className="btn">Apply</button>
        <span role="status" className="muted">{pending ? "Updating…" : ""}</span>
      </div>
    </form>
  );
}
