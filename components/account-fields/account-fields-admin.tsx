"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import {
  createAccountFieldAction, deleteAccountFieldAction, reorderAccountFieldsAction, updateAccountFieldAction,
} from "@/lib/actions/account-fields.ts";
import { DialogButton } from "@/components/accounts/dialog.tsx";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import type { AccountFieldView } from "@/lib/domain/account-fields/schemas.ts";
import { TYPE_LABELS } from "./format.ts";

type Profile = AccountFieldView["editableBy"][number];
type AdminField = AccountFieldView & { inUse: number };

const PROFILES: [Profile, string][] = [
  ["csm", "CSM"], ["csm_manager", "CSM manager"], ["sa", "Solutions architect"], ["sales_ops", "Sales ops"],
  ["sales_comp", "Sales comp"], ["finance", "Finance"], ["integration", "Integration"],
];
const count = new Intl.NumberFormat("en-US");

const optionsOf = (text: string) => text.split("\n").map((line) => line.trim()).filter(Boolean);

/** The part of the form an edit and a new field share: label, options, owner, editors, flags. */
function DefinitionFields({ prefix, field, type, errors }: { prefix: string; field?: AdminField; type: AccountFieldView["type"]; errors: Record<string, string> }) {
  const id = (name: string) => `${prefix}-${name}`;
  return (
    <>
      <Field id={id("label")} label="Label" error={errors.label}>
        <input id={id("label")} name="label" required defaultValue={field?.label} {...invalidProps(id("label"), errors.label)} />
      </Field>
      {type === "picklist" ? (
        <Field id={id("options")} label="Options" error={errors.options} hint="One per line, in the order people see them">
          <textarea id={id("options")} name="options" rows={4} defaultValue={field?.options?.join("\n")} {...invalidProps(id("options"), errors.options)} />
        </Field>
      ) : null}
      <Field id={id("owner")} label="Owner" error={errors.owner}>
        <select id={id("owner")} name="owner" defaultValue={field?.owner ?? "roster"}>
          <option value="roster">Roster (edited here)</option>
          <option value="crm">CRM (read-only here)</option>
        </select>
      </Field>
      <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 600, fontSize: 13, marginBottom: 4 }}>Who may edit it (Roster fields; admins always may)</legend>
        <div className="row">
          {PROFILES.map(([value, label]) => (
            <label key={value} className="row" style={{ gap: 4 }}>
              <input type="checkbox" name="editableBy" value={value} defaultChecked={field?.editableBy.includes(value)} /> {label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="row">
        {type === "number" || type === "currency" ? (
          <label className="row" style={{ gap: 4 }}><input type="checkbox" name="score" defaultChecked={field?.score} /> Score (averaged on Team performance)</label>
        ) : null}
        <label className="row" style={{ gap: 4 }}><input type="checkbox" name="showInTable" defaultChecked={field?.showInTable} /> Column and filter in the accounts table</label>
      </div>
      {errors.score ? <span className="error" role="alert">{errors.score}</span> : null}
    </>
  );
}

function readDefinition(form: FormData, type: AccountFieldView["type"]) {
  return {
    label: String(form.get("label") ?? "").trim(),
    ...(type === "picklist" ? { options: optionsOf(String(form.get("options") ?? "")) } : {}),
    owner: (form.get("owner") === "crm" ? "crm" : "roster") as AccountFieldView["owner"],
    editableBy: form.getAll("editableBy").map(String) as Profile[],
    score: form.get("score") === "on",
    showInTable: form.get("showInTable") === "on",
  };
}

function NewFieldForm() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [type, setType] = useState<AccountFieldView["type"]>("number");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string }>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    startTransition(async () => {
      const result = await createAccountFieldAction({ key: String(form.get("key") ?? "").trim(), type, ...readDefinition(form, type) });
      if (result.ok) {
        setErrors({});
        setMessage({ kind: "ok", text: `Added ${result.data.label}.` });
        element.reset();
        router.refresh();
      } else {
        setErrors(result.error.fields ?? {});
        setMessage({ kind: "error", text: result.error.message });
      }
    });
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {message ? <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>{message.text}</div> : null}
      <div className="form-grid">
        <Field id="nf-key" label="Key" error={errors.key} hint="e.g. health_score; used by imports and the API">
          <input id="nf-key" name="key" required {...invalidProps("nf-key", errors.key)} />
        </Field>
        <Field id="nf-type" label="Type" error={errors.type}>
          <select id="nf-type" name="type" value={type} onChange={(event) => setType(event.currentTarget.value as AccountFieldView["type"])}>
            {Object.entries(TYPE_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </Field>
        <DefinitionFields prefix="nf" type={type} errors={errors} />
      </div>
      <div className="row"><button className="btn primary" type="submit" disabled={pending}>{pending ? "Adding…" : "Add field"}</button></div>
    </form>
  );
}

function EditField({ field, onDone }: { field: AdminField; onDone: (text: string) => void }) {
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  return (
    <DialogButton label="Edit" accessibleLabel={`Edit ${field.label}`} title={`Edit ${field.label}`}>
      {(close) => (
        <form className="stack" noValidate onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          startTransition(async () => {
            const result = await updateAccountFieldAction({ key: field.key, ...readDefinition(form, field.type) });
            if (result.ok) { close(); onDone(`Saved ${result.data.label}.`); return; }
            setErrors(result.error.fields ?? {});
            setMessage(result.error.message);
          });
        }}>
          {message ? <div className="alert error" role="alert">{message}</div> : null}
          <p className="muted" style={{ margin: 0 }}>Key <code>{field.key}</code> · {TYPE_LABELS[field.type]}. A new label keeps every value.</p>
          <DefinitionFields prefix={`ef-${field.key}`} field={field} type={field.type} errors={errors} />
          <div className="row acc-dialog-actions">
            <button type="submit" className="btn primary" disabled={pending}>{pending ? "Saving…" : "Save field"}</button>
            <button type="button" className="btn" onClick={close} disabled={pending}>Cancel</button>
          </div>
        </form>
      )}
    </DialogButton>
  );
}

function DeleteField({ field, onDone }: { field: AdminField; onDone: (text: string) => void }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  return (
    <DialogButton label="Delete" accessibleLabel={`Delete ${field.label}`} title={`Delete ${field.label}?`} className="btn ghost">
      {(close) => (
        <div className="stack">
          {message ? <div className="alert error" role="alert">{message}</div> : null}
          <p style={{ margin: 0 }}>
            {field.inUse > 0
              ? `${count.format(field.inUse)} account${field.inUse === 1 ? " holds a value" : "s hold values"} for this field. Deleting it deletes those values too; the audit trail keeps the deletion.`
              : "No account holds a value for this field."}
          </p>
          <div className="row acc-dialog-actions">
            <button type="button" className="btn danger" disabled={pending} onClick={() => startTransition(async () => {
              const result = await deleteAccountFieldAction({ key: field.key, confirm: true });
              if (result.ok) { close(); onDone(`Deleted ${field.label}.`); } else setMessage(result.error.message);
            })}>{pending ? "Deleting…" : field.inUse > 0 ? `Delete field and ${count.format(field.inUse)} values` : "Delete field"}</button>
            <button type="button" className="btn" onClick={close} disabled={pending}>Cancel</button>
          </div>
        </div>
      )}
    </DialogButton>
  );
}

/** Admin → Account fields: the list in display order, with move, edit and delete, and a form for a new one. */
export function AccountFieldsAdmin({ fields }: { fields: AdminField[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<string>();
  const [pending, startTransition] = useTransition();
  const done = (text: string) => { setMessage(text); router.refresh(); };
  const move = (index: number, by: -1 | 1) => {
    const keys = fields.map((field) => field.key);
    [keys[index], keys[index + by]] = [keys[index + by], keys[index]];
    startTransition(async () => {
      const result = await reorderAccountFieldsAction({ keys });
      done(result.ok ? "Saved the new order." : result.error.message);
    });
  };
  return (
    <>
      <div role="status" aria-live="polite">{message ? <div className="alert ok">{message}</div> : null}</div>
      <section className="panel" style={{ padding: 0, overflow: "auto" }} aria-label="Account fields">
        {fields.length === 0 ? <p className="muted" style={{ padding: 16 }}>No account fields yet. Add the first below.</p> : (
          <table className="data">
            <thead><tr><th>Order</th><th>Field</th><th>Key</th><th>Type</th><th>Owner</th><th>Edited by</th><th>In table</th><th>Accounts with a value</th><th><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {fields.map((field, index) => (
                <tr key={field.key}>
                  <td>
                    <div className="row" style={{ gap: 4 }}>
                      <button type="button" className="btn ghost" disabled={pending || index === 0} aria-label={`Move ${field.label} up`} onClick={() => move(index, -1)}>↑</button>
                      <button type="button" className="btn ghost" disabled={pending || index === fields.length - 1} aria-label={`Move ${field.label} down`} onClick={() => move(index, 1)}>↓</button>
                    </div>
                  </td>
                  <td>{field.label}{field.score ? <> <span className="badge brand">Score</span></> : null}</td>
                  <td><code>{field.key}</code></td>
                  <td>{TYPE_LABELS[field.type]}{field.options ? <span className="muted"> ({field.options.join(", ")})</span> : null}</td>
                  <td>{field.owner === "crm" ? "CRM" : "Roster"}</td>
                  <td>{field.owner === "crm" ? <span className="muted">Privileged profiles, imports</span> : field.editableBy.length ? field.editableBy.join(", ") : <span className="muted">Admins only</span>}</td>
                  <td>{field.showInTable ? "Yes" : "No"}</td>
                  <td className="num">{count.format(field.inUse)}</td>
                  <td><div className="row" style={{ gap: 4 }}><EditField field={field} onDone={done} /><DeleteField field={field} onDone={done} /></div></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="new-field">
        <h2 id="new-field">New account field</h2>
        <NewFieldForm />
      </section>
    </>
  );
}
