"use client";

import "./comp.css";
import { useId, useState } from "react";
import type { FiscalPeriod } from "@/lib/domain/settings/fiscal.ts";

export type PeriodGroup = { label: string; choices: Pick<FiscalPeriod, "key" | "label">[] };

/**
 * The period as a plain GET form, so the choice lands in the URL (shareable, Back works) and the
 * server renders the review for it. Custom dates show only when "Custom dates" is chosen.
 */
export function PeriodPicker({ groups, current, action, error }: {
  groups: PeriodGroup[];
  current: FiscalPeriod;
  /** Where the form goes: the page it sits on. */
  action: string;
  /** Why the custom dates in the URL were refused. */
  error?: { from?: string; to?: string };
}) {
  const [choice, setChoice] = useState(current.kind === "custom" ? "custom" : current.key);
  const id = useId();
  return (
    <form method="get" action={action} className="comp-period" aria-label="Period">
      <div className="field">
        <label htmlFor={`${id}-period`}>Period</label>
        <select id={`${id}-period`} name="period" value={choice} onChange={(event) => setChoice(event.currentTarget.value)}>
          {groups.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.choices.map((period) => <option key={period.key} value={period.key}>{period.label}</option>)}
            </optgroup>
          ))}
          <option value="custom">Custom dates…</option>
        </select>
      </div>
      {choice === "custom" ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-from`}>From</label>
            <input id={`${id}-from`} type="date" name="from" required defaultValue={current.from}
              aria-invalid={error?.from ? true : undefined} aria-describedby={error?.from ? `${id}-from-error` : undefined} />
            {error?.from ? <span className="error" id={`${id}-from-error`} role="alert">{error.from}</span> : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>To (inclusive)</label>
            <input id={`${id}-to`} type="date" name="to" required defaultValue={current.to}
              aria-invalid={error?.to ? true : undefined} aria-describedby={error?.to ? `${id}-to-error` : undefined} />
            {error?.to ? <span className="error" id={`${id}-to-error`} role="alert">{error.to}</span> : null}
          </div>
        </>
      ) : null}
      <button type="submit" className="btn primary">Show</button>
    </form>
  );
}
