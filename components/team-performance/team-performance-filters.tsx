"use client";

import "@/components/workload/workload.css";
import { useRouter } from "next/navigation";
import { type FormEvent, useTransition } from "react";

type Option = { value: string; label: string };

/** Filters as a GET form: it works before the script loads, and with it a change applies at once. */
export function TeamPerformanceFilters({ state, roles, managers, segments, regions, metrics, picklists, hidden }: {
  state: { role: string; parentsOnly: boolean; managerId?: string; segment?: string; region?: string; picklist?: string; metric: string };
  roles: Option[]; managers: Option[]; segments: string[]; regions: string[]; metrics: Option[]; picklists: Option[];
  hidden: Record<string, string>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const apply = (form: HTMLFormElement) => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === "string" && value !== "") params.set(key, value);
    const query = params.toString();
    startTransition(() => router.push(query ? `/team-performance?${query}` : "/team-performance", { scroll: false }));
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => { event.preventDefault(); apply(event.currentTarget); };
  const select = (id: string, name: string, label: string, value: string, options: Option[], empty?: string) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        {empty ? <option value="">{empty}</option> : null}
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
    </div>
  );
  return (
    <form key={JSON.stringify(state)} method="get" action="/team-performance" className="panel wl-filters" onSubmit={onSubmit}
      onChange={(event) => apply(event.currentTarget)} aria-label="Team performance filters">
      {Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      {select("tp-role", "role", "People (role)", state.role, roles)}
      {select("tp-manager", "managerId", "Manager / team", state.managerId ?? "", managers, "Everyone")}
      {select("tp-segment", "segment", "Segment", state.segment ?? "", segments.map((s) => ({ value: s, label: s })), "All segments")}
      {select("tp-region", "region", "Region", state.region ?? "", regions.map((r) => ({ value: r, label: r })), "All regions")}
      {select("tp-metric", "metric", "Chart", state.metric, metrics)}
      {picklists.length ? select("tp-picklist", "picklist", "Spread of", state.picklist ?? "", picklists, "Every picklist") : null}
      <div className="wl-check-field">
        <label className="wl-check">
          <input type="checkbox" name="parentsOnly" value="true" defaultChecked={state.parentsOnly} aria-describedby="tp-parents-hint" />
          Count parent accounts only
        </label>
        <span className="hint" id="tp-parents-hint">Children roll up into their parent: each hierarchy counts once.</span>
      </div>
      <div className="wl-apply">
        <button type="submit" className="btn">Apply</button>
        <span role="status" className="muted">{pending ? "Updating…" : ""}</span>
      </div>
    </form>
  );
}
