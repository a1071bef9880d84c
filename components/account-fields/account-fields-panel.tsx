"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { setAccountFieldsAction } from "@/lib/actions/account-field-values.ts";
import { DialogButton } from "@/components/accounts/dialog.tsx";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import type { AccountFieldView, FieldValue } from "@/lib/domain/account-fields/schemas.ts";
import { formatFieldValue } from "./format.ts";

export type PanelField = AccountFieldView & { editable: boolean };

/** The account's fields; "Edit fields" for the ones the signed-in profile may write. */
export function AccountFieldsPanel({ accountId, version, fields, values }: {
  accountId: string; version: number; fields: PanelField[]; values: Record<string, FieldValue>;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<string>();
  const editable = fields.filter((field) => field.editable);
  return (
    <section className="panel" aria-labelledby="fields-title">
      <div className="acc-panel-head">
        <h2 id="fields-title">Fields</h2>
        {editable.length ? (
          <DialogButton label="Edit fields" title="Edit account fields">
            {(close) => (
              <FieldsForm accountId={accountId} version={version} fields={editable} values={values} onCancel={close}
                onDone={() => { close(); setMessage("Saved the account's fields."); router.refresh(); }} />
            )}
          </DialogButton>
        ) : null}
      </div>
      <span role="status" className="acc-edit-status">{message}</span>
      {fields.length === 0 ? <p className="muted">No account fields are defined yet.</p> : (
        <dl className="aff-values">
          {fields.map((field) => (
            <div key={field.key} style={{ display: "contents" }}>
              <dt>{field.label}{field.owner === "crm" ? <span className="muted"> (CRM)</span> : null}</dt>
              <dd className={field.type === "number" || field.type === "currency" ? "acc-num" : undefined}>
                {values[field.key] === undefined || values[field.key] === null ? <span className="muted">—</span> : formatFieldValue(field, values[field.key])}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function FieldsForm({ accountId, version, fields, values, onDone, onCancel }: {
  accountId: string; version: number; fields: PanelField[]; values: Record<string, FieldValue>; onDone: () => void; onCancel: () => void;
}) {
  const router = useRouter();
  const prefix = useId();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [stale, setStale] = useState(false);
  const [pending, startTransition] = useTransition();
  const id = (key: string) => `${prefix}-${key}`;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const changed: Record<string, FieldValue> = {};
    for (const field of fields) {
      const raw = String(form.get(field.key) ?? "").trim();
      const value: FieldValue = field.type === "boolean" ? (raw === "" ? null : raw === "true") : raw === "" ? null : raw;
      const before = values[field.key] ?? null;
      if (String(value ?? "") !== String(before ?? "")) changed[field.key] = value;
    }
    if (Object.keys(changed).length === 0) return onCancel();
    startTransition(async () => {
      const result = await setAccountFieldsAction({ accountId, version, fields: changed });
      if (result.ok) return onDone();
      const fieldErrors = Object.fromEntries(Object.entries(result.error.fields ?? {}).map(([key, text]) => [key.replace(/^fields\./, ""), text]));
      setErrors(fieldErrors);
      setStale(result.error.code === "conflict");
      setMessage(result.error.message);
    });
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-busy={pending || undefined}>
      {stale ? (
        <div className="alert error" role="alert">
          <p style={{ margin: "0 0 8px" }}>Someone changed this account while you were editing; reload to see their change, then edit again.</p>
          <button type="button" className="btn" onClick={() => { onCancel(); router.refresh(); }}>Reload</button>
        </div>
      ) : message && Object.keys(errors).length === 0 ? <div className="alert error" role="alert">{message}</div> : null}
      <div className="form-grid">
        {fields.map((field) => {
          const current = values[field.key];
          const common = { id: id(field.key), name: field.key, ...invalidProps(id(field.key), errors[field.key]) };
          return (
            <Field key={field.key} id={id(field.key)} label={field.label} error={errors[field.key]}>
              {field.type === "picklist" ? (
                <select {...common} defaultValue={current == null ? "" : String(current)}>
                  <option value="">—</option>
                  {(field.options ?? []).map((option) => <option key={option} value={option}>{option}</option>)}
                </select>
              ) : field.type === "boolean" ? (
                <select {...common} defaultValue={current == null ? "" : String(current)}>
                  <option value="">—</option><option value="true">Yes</option><option value="false">No</option>
                </select>
              ) : (
                <input {...common} type={field.type === "date" ? "date" : "text"}
                  inputMode={field.type === "number" || field.type === "currency" ? "decimal" : undefined}
                  defaultValue={current == null ? "" : String(current)} />
              )}
            </Field>
          );
        })}
      </div>
      <div className="row acc-dialog-actions">
        <button type="submit" className="btn primary" disabled={pending}>{pending ? "Saving…" : "Save fields"}</button>
        <button type="button" className="btn" onClick={onCancel} disabled={pending}>Cancel</button>
      </div>
    </form>
  );
}
