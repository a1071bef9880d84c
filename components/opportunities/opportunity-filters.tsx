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

type Choice = { value: string; label: string };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/** Segments or regions; one chosen in the URL stays selectable even when no account has it any more. */
function names(values: string[], current: string): Choice[] {
  return (current && !values.includes(current) ? [current, ...values] : values).map((name) => ({ value: name, label: name }));
}

/** People; one chosen in the URL stays selectable even when no longer in the list (e.g. deactivated). */
function people(list: { id: string; name: string }[], current: string): Choice[] {
  const choices = list.map((person) => ({ value: person.id, label: person.name }));
  return current && !list.some((person) => person.id === current) ? [{ value: current, label: "Selected person" }, ...choices] : choices;
}

/** One filter: a labelled select whose first option, empty, means "any". */
function FilterSelect({ id, label, any, value, onChange, choices }: {
  id: string; label: string; any: string; value: string; onChange: (next: string) => void; choices: Choice[];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        <option value="">{any}</option>
        {choices.map((choice) => <option key={choice.value} value={choice.value}>{choice.label}</option>)}
      </select>
    </div>
  );
}

export function OpportunityFilters({ options }: { options: FilterOptions }) {
  const url = useDataTableUrl();
  const value = (key: (typeof FILTER_KEYS)[number]) => first(url.state.filters[key]);
  const set = (key: string, next: string, replace = false) => url.setFilters({ [key]: next || null }, { replace });
  const active = FILTER_KEYS.some((key) => value(key) !== "");
  const bind = (key: (typeof FILTER_KEYS)[number]) => ({ value: value(key), onChange: (next: string) => set(key, next) });

  return (
    <div className="opp-filters" role="search" aria-label="Filter opportunities">
      <SearchBox value={value("q")} onSearch={(q) => set("q", q, true)} />
      <FilterSelect id="f-stage" label="Stage" any="Any stage" {...bind("stage")}
        choices={STAGE_ORDER.map((stage) => ({ value: stage, label: STAGE_LABELS[stage] }))} />
      <FilterSelect id="f-open" label="Status" any="Open and closed" {...bind("open")}
        choices={[{ value: "true", label: "Open" }, { value: "false", label: "Closed (locked)" }]} />
      <FilterSelect id="f-csm" label="CSM" any="Any CSM" {...bind("csmId")}
        choices={people(options.csms, value("csmId"))} />
      <FilterSelect id="f-sa" label="Primary SA" any="Any primary SA" {...bind("primarySaId")}
        choices={people(options.sas, value("primarySaId"))} />
      <FilterSelect id="f-supporting" label="Supporting SA" any="Any supporting SA" {...bind("supportingSaId")}
        choices={people(options.sas, value("supportingSaId"))} />
      <FilterSelect id="f-segment" label="Account segment" any="Any segment" {...bind("segment")}
        choices={names(options.segments, value("segment"))} />
      <FilterSelect id="f-region" label="Account region" any="Any region" {...bind("region")}
        choices={names(options.regions, value("region"))} />
      <FilterSelect id="f-override" label="CSM override" any="Any" {...bind("overridden")}
        choices={[{ value: "true", label: "Overridden" }, { value: "false", label: "Not overridden" }]} />
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
