"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState, useTransition } from "react";
import { setFiscalYearStartAction } from "@/lib/actions/comp.ts";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import { MONTH_NAMES } from "@/lib/domain/settings/fiscal.ts";

/** Admins only: the month the fiscal year starts in, which cuts quarters and years. */
export function FiscalYearForm({ month }: { month: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string }>();
  const [error, setError] = useState<string>();
  const id = useId();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = Number(new FormData(event.currentTarget).get("month"));
    startTransition(async () => {
      const result = await setFiscalYearStartAction({ month: next });
      if (result.ok) {
        setError(undefined);
        setMessage({ kind: "ok", text: `The fiscal year now starts in ${MONTH_NAMES[next - 1]}.` });
        router.refresh();
      } else {
        setError(result.error.fields?.month);
        setMessage({ kind: "error", text: result.error.message });
      }
    });
  }

  return (
    <form className="stack" onSubmit={onSubmit} aria-busy={pending}>
      {message ? <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>{message.text}</div> : null}
      <div className="comp-settings">
        <Field id={`${id}-month`} label="Fiscal year starts in" error={error} hint="FY2026 with a February start runs Feb 2025 – Jan 2026.">
          <select id={`${id}-month`} name="month" defaultValue={month} {...invalidProps(`${id}-month`, error)}>
            {MONTH_NAMES.map((name, index) => <option key={name} value={index + 1}>{name}</option>)}
          </select>
        </Field>
        <button type="submit" className="btn" disabled={pending}>{pending ? "Saving…" : "Save"}</button>
      </div>
    </form>
  );
}
