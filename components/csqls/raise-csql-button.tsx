"use client";

import { type FormEvent, useState } from "react";
import Link from "next/link";
import { DialogButton } from "@/components/accounts/dialog.tsx";
import { useMutation } from "@/components/opportunities/use-mutation.ts";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import { raiseCsqlAction } from "@/lib/actions/csqls.ts";
import { KIND_OPTIONS } from "./format.ts";

type Raised = { id: string; title: string; owner: { name: string } | null; warnings?: { message: string }[] };

/** "Raise a CSQL" on an account: the lead goes to the account's seller (or routing, or the queue). */
export function RaiseCsqlButton({ accountId, accountName, className = "btn" }: { accountId: string; accountName: string; className?: string }) {
  const [raised, setRaised] = useState<Raised>();
  return (
    <span className="row" style={{ gap: 8 }}>
      <DialogButton label="Raise a CSQL" title={`Raise a CSQL on ${accountName}`} className={className}
        accessibleLabel={`Raise a CSQL on ${accountName}`}>
        {(close) => <RaiseForm accountId={accountId} onDone={(csql) => { setRaised(csql); close(); }} onCancel={close} />}
      </DialogButton>
      {raised ? (
        <span role="status" className="muted">
          Raised <Link href={`/csqls/${raised.id}`}>{raised.title}</Link> for {raised.owner?.name ?? "the sales ops queue"}.
          {raised.warnings?.map((warning) => <strong key={warning.message}> {warning.message}</strong>)}
        </span>
      ) : null}
    </span>
  );
}

function RaiseForm({ accountId, onDone, onCancel }: { accountId: string; onDone: (csql: Raised) => void; onCancel: () => void }) {
  const { pending, message, fields, run } = useMutation();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const amount = text("estimatedAmount");
    run(() => raiseCsqlAction({
      accountId,
      title: text("title"),
      kind: text("kind") as (typeof KIND_OPTIONS)[number][0],
      estimatedAmount: amount === "" ? null : Number(amount.replaceAll(",", "")),
      contactName: text("contactName") || null,
      contactEmail: text("contactEmail") || null,
      description: text("description") || null,
    }), "Raised.", (csql) => onDone(csql));
  }
  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {message?.kind === "error" ? <div className="alert error" role="alert">{message.text}</div> : null}
      <Field id="csql-title" label="Title" error={fields.title}>
        <input id="csql-title" name="title" required maxLength={200} autoFocus {...invalidProps("csql-title", fields.title)} />
      </Field>
      <div className="form-grid">
        <Field id="csql-kind" label="Kind" error={fields.kind}>
          <select id="csql-kind" name="kind" defaultValue="expansion" {...invalidProps("csql-kind", fields.kind)}>
            {KIND_OPTIONS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </Field>
        <Field id="csql-amount" label="Estimated amount" error={fields.estimatedAmount} hint="Optional, in the account's currency">
          <input id="csql-amount" name="estimatedAmount" inputMode="decimal" {...invalidProps("csql-amount", fields.estimatedAmount)} />
        </Field>
        <Field id="csql-contact" label="Contact name" error={fields.contactName}>
          <input id="csql-contact" name="contactName" maxLength={200} {...invalidProps("csql-contact", fields.contactName)} />
        </Field>
        <Field id="csql-email" label="Contact email" error={fields.contactEmail}>
          <input id="csql-email" name="contactEmail" type="email" {...invalidProps("csql-email", fields.contactEmail)} />
        </Field>
      </div>
      <Field id="csql-notes" label="Notes" error={fields.description}>
        <textarea id="csql-notes" name="description" rows={3} maxLength={5000} {...invalidProps("csql-notes", fields.description)} />
      </Field>
      <div className="row">
        <button className="btn primary" type="submit" disabled={pending}>{pending ? "Raising…" : "Raise CSQL"}</button>
        <button className="btn" type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
