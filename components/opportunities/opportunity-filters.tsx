"use client";

import { useEffect, useRef, useState } from "react";
import { useDataTableUrl } from "@/components/data-table/use-table-url-state.ts";
import { FILTER_KEYS } from "./filter-keys.ts";
import { STAGE_LABELS, STAGE_ORDER } from "./format.ts";

export type FilterOptions = {
  csms: { id: string; name: string }[];
  sas: { id: string; name: string }[];
  /** The account the list is narrowed to (from an account page's link), shown as a removable chip. */
  account: { id: string; name: string } | null;
  /** The accounts' segments and regions, to narrow by the account's. */
  segments: string[];
  regions: string[];
};

/** Keeps a URL-chosen segment or region selectable even when no account has it any more. */
const withValue = (values: string[], current: string) => (current && !values.includes(current) ? [current, ...values] : values);

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/** Keeps a URL-chosen person selectable even when they are no longer in the list (e.g. deactivated). */
function withCurrent(people: { id: string; name: string }[], current: string) {
  return current && !people.some((person) => person.id === current) ? [{ id: current, name: "Selected person" }, ...people] : people;
}

export function OpportunityFilters({ options }: { options: FilterOptions }) {
  const url = useDataTableUrl();
  const value = (key: (typeof FILTER_KEYS)[number]) => first(url.state.filters[key]);
  const set = (key: string, next: string, replace = false) => url.setFilters({ [key]: next || null }, { replace });
  const active = FILTER_KEYS.some((key) => value(key) !== "");

  return (
    <div className="opp-filters" role="search" aria-label="Filter opportunities">
      <SearchBox value={value("q")} onSearch={(q) => set("q", q, true)} />
      <div className="field">
        <label htmlFor="f-stage">Stage</label>
        <select id="f-stage" value={value("stage")} onChange={(event) => set("stage", event.currentTarget.value)}>
          <option value="">Any stage</option>
          {STAGE_ORDER.map((stage) => <option key={stage} value={stage}>{STAGE_LABELS[stage]}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-open">Status</label>
        <select id="f-open" value={value("open")} onChange={(event) => set("open", event.currentTarget.value)}>
          <option value="">Open and closed</option>
          <option value="true">Open</option>
          <option value="false">Closed (locked)</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-csm">CSM</label>
        <select id="f-csm" value={value("csmId")} onChange={(event) => set("csmId", event.currentTarget.value)}>
          <option value="">Any CSM</option>
          {withCurrent(options.csms, value("csmId")).map((user) => <option key={user.id} value={user.id}>{user.name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-sa">Primary SA</label>
        <select id="f-sa" value={value("primarySaId")} onChange={(event) => set("primarySaId", event.currentTarget.value)}>
          <option value="">Any primary SA</option>
          {withCurrent(options.sas, value("primarySaId")).map((user) => <option key={user.id} value={user.id}>{user.name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-supporting">Supporting SA</label>
        <select id="f-supporting" value={value("supportingSaId")} onChange={(event) => set("supportingSaId", event.currentTarget.value)}>
          <option value="">Any supporting SA</option>
          {withCurrent(options.sas, value("supportingSaId")).map((user) => <option key={user.id} value={user.id}>{user.name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-segment">Account segment</label>
        <select id="f-segment" value={value("segment")} onChange={(event) => set("segment", event.currentTarget.value)}>
          <option value="">Any segment</option>
          {withValue(options.segments, value("segment")).map((segment) => <option key={segment} value={segment}>{segment}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-region">Account region</label>
        <select id="f-region" value={value("region")} onChange={(event) => set("region", event.currentTarget.value)}>
          <option value="">Any region</option>
          {withValue(options.regions, value("region")).map((region) => <option key={region} value={region}>{region}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-override">CSM override</label>
        <select id="f-override" value={value("overridden")} onChange={(event) => set("overridden", event.currentTarget.value)}>
          <option value="">Any</option>
          <option value="true">Overridden</option>
          <option value="false">Not overridden</option>
        </select>
      </div>
      <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="sr-only">Close date range</legend>
        <div className="opp-range">
          <div className="field">
            <label htmlFor="f-close-from">Closes from</label>
            <input id="f-close-from" type="date" value={value("closeFrom")} onChange={(event) => set("closeFrom", event.currentTarget.value)} />
          </div>
          <div className="field">
            <label htmlFor="f-close-to">to</label>
            <input id="f-close-to" type="date" value={value("closeTo")} onChange={(event) => set("closeTo", event.currentTarget.value)} />
          </div>
        </div>
      </fieldset>
      <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="sr-only">Amount range</legend>
        <div className="opp-range">
          <NumberBox id="f-amount-min" label="Amount from" value={value("amountMin")} onCommit={(next) => set("amountMin", next)} />
          <NumberBox id="f-amount-max" label="to" value={value("amountMax")} onCommit={(next) => set("amountMax", next)} />
        </div>
      </fieldset>
      {options.account ? (
        <span className="badge brand opp-chip">
          Account: {options.account.name}
          <button type="button" className="btn ghost" style={{ padding: "0 4px" }} aria-label={`Show all accounts (remove ${options.account.name})`}
            onClick={() => set("accountId", "")}>×</button>
        </span>
      ) : null}
      {active ? (
        <button type="button" className="btn ghost" onClick={() => url.setFilters(Object.fromEntries(FILTER_KEYS.map((key) => [key, null])))}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}

/** Search as you type, after a pause; the URL (and Back) follow the committed text. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const committed = useRef(value);
  const search = useRef(onSearch);
  search.current = onSearch;
  useEffect(() => {
    // Back/forward or "Clear filters" changed the URL; our own commits are already on screen.
    if (value === committed.current) return;
    committed.current = value;
    setText(value);
  }, [value]);
  useEffect(() => {
    if (text.trim() === committed.current) return;
    const timer = setTimeout(() => {
      committed.current = text.trim();
      search.current(text.trim());
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <div className="field opp-search">
      <label htmlFor="f-q">Search</label>
      <input id="f-q" type="search" placeholder="Name or CRM id" value={text} autoComplete="off"
        onChange={(event) => setText(event.currentTarget.value)} />
    </div>
  );
}

/** A number filter applied on Enter or when leaving the box, so typing "1000" is one request. */
function NumberBox({ id, label, value, onCommit }: { id: string; label: string; value: string; onCommit: (value: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    const next = text.trim();
    if (next !== value && (next === "" || Number(next) >= 0)) onCommit(next);
  };
  return (
    <div className="field opp-narrow">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" min={0} step="any" inputMode="decimal" value={text}
        onChange={(event) => setText(event.currentTarget.value)} onBlur={commit}
        onKeyDown={(event) => { if (event.key === "Enter") { event.preventDefault(); commit(); } }} />
    </div>
  );
}
