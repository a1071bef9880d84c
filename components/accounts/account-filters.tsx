"use client";

import { useEffect, useRef, useState } from "react";
import { useDataTableUrl } from "@/components/data-table/use-table-url-state.ts";
import { ACCOUNT_FILTER_KEYS, type AccountFilterKey } from "./filter-keys.ts";
import type { PersonOption, RoleOption } from "./format.ts";
import { FieldFilters } from "@/components/account-fields/field-filters.tsx";
import { isFieldParam } from "@/lib/domain/account-fields/field-params.ts";
import type { AccountFieldView } from "@/lib/domain/account-fields/schemas.ts";

export type AccountFilterOptions = {
  roles: RoleOption[];
  csms: PersonOption[];
  sas: PersonOption[];
  people: PersonOption[];
  segments: string[];
  regions: string[];
  /** Account fields offered as filters (those shown in the table, and any already filtered on). */
  fields?: AccountFieldView[];
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/** Keeps a person chosen in the URL selectable even when they are not in the list (e.g. they left). */
function withCurrent(people: PersonOption[], current: string) {
  return current && !people.some((person) => person.id === current) ? [{ id: current, name: "Selected person" }, ...people] : people;
}

function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const last = useRef(value);
  // Follow the URL when it changes from elsewhere (Back, "Clear filters").
  useEffect(() => {
    if (value !== last.current) {
      last.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => {
    if (text.trim() === last.current) return;
    const timer = setTimeout(() => {
      last.current = text.trim();
      onSearch(text.trim());
    }, 300);
    return () => clearTimeout(timer);
  }, [text, onSearch]);
  return (
    <div className="field acc-search">
      <label htmlFor="af-q">Search</label>
      <input id="af-q" type="search" placeholder="Name or CRM id" value={text} onChange={(event) => setText(event.currentTarget.value)} />
    </div>
  );
}

function Select({ id, label, value, onChange, children }: { id: string; label: string; value: string; onChange: (value: string) => void; children: React.ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)}>{children}</select>
    </div>
  );
}

export function AccountFilters({ options }: { options: AccountFilterOptions }) {
  const url = useDataTableUrl();
  const value = (key: AccountFilterKey) => first(url.state.filters[key]);
  const set = (patch: Partial<Record<AccountFilterKey, string>>, replace = false) =>
    url.setFilters(Object.fromEntries(Object.entries(patch).map(([key, next]) => [key, next || null])), { replace });
  const onSearch = useRef((q: string) => set({ q }, true));
  onSearch.current = (q: string) => set({ q }, true);
  const [stableSearch] = useState(() => (q: string) => onSearch.current(q));
  const fieldParams = Object.keys(url.state.filters).filter(isFieldParam);
  const active = ACCOUNT_FILTER_KEYS.some((key) => value(key) !== "") || fieldParams.length > 0;
  const otherRoles = options.roles;

  return (
    <div className="acc-filters" role="search" aria-label="Filter accounts">
      <SearchBox value={value("q")} onSearch={stableSearch} />
      <Select id="af-csm" label="CSM" value={value("csmId")} onChange={(csmId) => set({ csmId })}>
        <option value="">Any CSM</option>
        {withCurrent(options.csms, value("csmId")).map((user) => <option key={user.id} value={user.id}>{user.name}</option>)}
      </Select>
      <Select id="af-sa" label="SA" value={value("saId")} onChange={(saId) => set({ saId })}>
        <option value="">Any SA</option>
        {withCurrent(options.sas, value("saId")).map((user) => <option key={user.id} value={user.id}>{user.name}</option>)}
      </Select>
      <Select id="af-role" label="Role" value={value("roleKey")} onChange={(roleKey) => set({ roleKey })}>
        <option value="">Choose a role</option>
        {otherRoles.map((role) => <option key={role.key} value={role.key}>{role.label}</option>)}
      </Select>
      <Select id="af-holder" label="Held by" value={value("holderId")} onChange={(holderId) => set({ holderId, roleKey: value("roleKey") || "csm" })}>
        <option value="">Anyone</option>
        {withCurrent(options.people, value("holderId")).map((user) => <option key={user.id} value={user.id}>{user.name}</option>)}
      </Select>
      <Select id="af-unassigned" label="Missing" value={value("unassignedRole")} onChange={(unassignedRole) => set({ unassignedRole })}>
        <option value="">No gap filter</option>
        {options.roles.map((role) => <option key={role.key} value={role.key}>No {role.label}</option>)}
      </Select>
      <Select id="af-segment" label="Segment" value={value("segment")} onChange={(segment) => set({ segment })}>
        <option value="">Any segment</option>
        {options.segments.map((segment) => <option key={segment} value={segment}>{segment}</option>)}
      </Select>
      <Select id="af-region" label="Region" value={value("region")} onChange={(region) => set({ region })}>
        <option value="">Any region</option>
        {options.regions.map((region) => <option key={region} value={region}>{region}</option>)}
      </Select>
      <Select id="af-level" label="Hierarchy" value={value("level")} onChange={(level) => set({ level: level === "all" ? "" : level })}>
        <option value="">All accounts</option>
        <option value="parent">Top-level only</option>
        <option value="child">Child accounts only</option>
      </Select>
      {options.fields?.length ? <FieldFilters fields={options.fields} /> : null}
      {active ? (
        <button type="button" className="btn ghost acc-clear" onClick={() => url.setFilters(Object.fromEntries([...ACCOUNT_FILTER_KEYS, ...fieldParams].map((key) => [key, null])))}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
