"use client";

import { type FormEvent } from "react";
import { DialogButton } from "@/components/accounts/dialog.tsx";
import { useMutation } from "@/components/opportunities/use-mutation.ts";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import { acceptCsqlAction, convertCsqlAction, rejectCsqlAction } from "@/lib/actions/csqls.ts";
import type { CsqlStatus } from "@/lib/domain/csqls/schemas.ts";

/** The owner's controls: accept a new one, reject with a reason, convert into an opportunity. */
export function CsqlActions({ csql }: { csql: { id: string; title: string; status: CsqlStatus; estimatedAmount: number | null } }) {
  const { pending, message, run, announce } = useMutation();
  const open = csql.status === "new" || csql.status === "accepted";
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="row">
        {csql.status === "new" ? (
          <button className="btn primary" type="button" disabled={pending} onClick={() => run(() => acceptCsqlAction({ id: csql.id }), "Accepted: it is yours to work.")}>
            Accept
          </button>
        ) : null}
        {open ? (
          <DialogButton label="Convert to opportunity" title={`Convert “${csql.title}”`} className={csql.status === "accepted" ? "btn primary" : "btn"}>
            {(close) => <ConvertForm csql={csql} onCancel={close} onDone={(text) => { close(); announce(text); }} />}
          </DialogButton>
        ) : null}
        {open ? (
          <DialogButton label="Reject" title={`Reject “${csql.title}”`}>
            {(close) => <RejectForm id={csql.id} onCancel={close} onDone={(text) => { close(); announce(text); }} />}
          </DialogButton>
        ) : null}
      </div>
      {message ? <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>{message.text}</div> : null}
    </div>
  );
}

function RejectForm({ id, onDone, onCancel }: { id: string; onDone: (text: string) => void; onCancel: () => void }) {
  const { pending, message, fields, run } = useMutation();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "").trim();
    run(() => rejectCsqlAction({ id, reason }), "Rejected.", () => onDone("Rejected; the person who raised it can read why."));
  }
  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {message?.kind === "error" ? <div className="alert error" role="alert">{message.text}</div> : null}
      <Field id="csql-reason" label="Why" error={fields.reason} hint="The person who raised it reads this.">
        <textarea id="csql-reason" name="reason" rows={3} maxLength={1000} required autoFocus {...invalidProps("csql-reason", fields.reason)} />
      </Field>
      <div className="row">
        <button className="btn primary" type="submit" disabled={pending}>{pending ? "Rejecting…" : "Reject CSQL"}</button>
        <button className="btn" type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

function ConvertForm({ csql, onDone, onCancel }: {
  csql: { id: string; title: string; estimatedAmount: number | null }; onDone: (text: string) => void; onCancel: () => void;
}) {
  const { pending, message, fields, run } = useMutation();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const amount = text("amount");
    run(() => convertCsqlAction({
      id: csql.id, name: text("name") || undefined, amount: amount === "" ? null : Number(amount.replaceAll(",", "")), closeDate: text("closeDate") || null,
    }), "Converted.", (result) => onDone(`Converted into ${result.opportunityName}.`));
  }
  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {message?.kind === "error" ? <div className="alert error" role="alert">{message.text}</div> : null}
      <p className="muted" style={{ margin: 0 }}>The opportunity gets the account&apos;s CSM and a copy of its SA, as every new opportunity does.</p>
      <Field id="convert-name" label="Opportunity name" error={fields.name}>
        <input id="convert-name" name="name" defaultValue={csql.title} maxLength={255} autoFocus {...invalidProps("convert-name", fields.name)} />
      </Field>
      <div className="form-grid">
        <Field id="convert-amount" label="Amount" error={fields.amount}>
          <input id="convert-amount" name="amount" inputMode="decimal" defaultValue={csql.estimatedAmount ?? ""} {...invalidProps("convert-amount", fields.amount)} />
        </Field>
        <Field id="convert-close" label="Close date" error={fields.closeDate}>
          <input id="convert-close" name="closeDate" type="date" {...invalidProps("convert-close", fields.closeDate)} />
        </Field>
      </div>
      <div className="row">
        <button className="btn primary" type="submit" disabled={pending}>{pending ? "Converting…" : "Create opportunity"}</button>
        <button className="btn" type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
