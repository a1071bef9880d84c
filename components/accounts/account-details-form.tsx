"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { searchAccountsAction, updateAccountAction } from "@/lib/actions/accounts.ts";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import { type ComboOption, Combobox } from "./combobox.tsx";
import { PicklistField } from "./picklist-field.tsx";

export type EditableAccount = {
  id: string;
  name: string;
  externalId: string | null;
  segment: string | null;
  region: string | null;
  arr: number | null;
  csmInheritance: "none" | "parent";
  version: number;
  parent: { id: string; name: string } | null;
};

/** The "Edit details" form. It sends the version it was opened with, so a concurrent edit is refused, not overwritten. */
export function AccountDetailsForm({ account, picklists, onDone, onCancel, detailsOnly = false }: {
  account: EditableAccount; onDone: (message: string) => void; onCancel: () => void;
  /** The segments and regions accounts have (lib/domain/accounts/facets.ts), offered as picklists. */
  picklists: { segments: string[]; regions: string[] };
  /** A holder editing through their role: the CRM id and the parent stay sales ops'. */
  detailsOnly?: boolean;
}) {
  const router = useRouter();
  const prefix = useId();
  const [parent, setParent] = useState<ComboOption | null>(account.parent ? { id: account.parent.id, label: account.parent.name } : null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [stale, setStale] = useState(false);
  // Bumped to reset the parent search box when the parent is cleared from outside it.
  const [parentBox, setParentBox] = useState(0);
  const [pending, startTransition] = useTransition();
  const id = (name: string) => `${prefix}-${name}`;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const arrText = text("arr").replaceAll(",", "");
    const arr = arrText === "" ? null : Number(arrText);
    if (arr !== null && !Number.isFinite(arr)) return setErrors({ arr: "Enter a number, such as 125000 or 125000.50." });
    startTransition(async () => {
      const result = await updateAccountAction({
        id: account.id,
        version: account.version,
        name: text("name"),
        ...(detailsOnly ? {} : { externalId: text("externalId") || null, parentId: parent?.id ?? null }),
        segment: text("segment"),
        region: text("region"),
        arr,
        csmInheritance: text("csmInheritance") === "parent" ? "parent" : "none",
      });
      if (result.ok) {
        onDone("Saved the account's details.");
        return;
      }
      const fields = result.error.fields ?? {};
      setErrors(fields);
      // A conflict without a field is the version check: someone saved in between.
      setStale(result.error.code === "conflict" && Object.keys(fields).length === 0);
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
      ) : message && Object.keys(errors).length === 0 ? (
        <div className="alert error" role="alert">{message}</div>
      ) : null}
      <div className="form-grid">
        <Field id={id("name")} label="Name" error={errors.name}>
          <input id={id("name")} name="name" required defaultValue={account.name} {...invalidProps(id("name"), errors.name)} />
        </Field>
        {detailsOnly ? null : (
          <Field id={id("externalId")} label="CRM id" error={errors.externalId} hint="The account's id in the CRM, e.g. its Salesforce Account ID">
            <input id={id("externalId")} name="externalId" defaultValue={account.externalId ?? ""} {...invalidProps(id("externalId"), errors.externalId)} />
          </Field>
        )}
        <PicklistField id={id("segment")} name="segment" label="Segment" values={picklists.segments} initial={account.segment} error={errors.segment} />
        <PicklistField id={id("region")} name="region" label="Region" values={picklists.regions} initial={account.region} error={errors.region} />
        <Field id={id("arr")} label="ARR" error={errors.arr}>
          <input id={id("arr")} name="arr" inputMode="decimal" defaultValue={account.arr ?? ""} {...invalidProps(id("arr"), errors.arr)} />
        </Field>
        <Field id={id("inheritance")} label="CSM" error={errors.csmInheritance}>
          <select id={id("inheritance")} name="csmInheritance" defaultValue={account.csmInheritance}>
            <option value="none">Its own CSM</option>
            <option value="parent">Follows its parent&apos;s CSM</option>
          </select>
        </Field>
      </div>
      {detailsOnly ? null : <div className="acc-parent-row">
        <Combobox<ComboOption>
          key={parentBox}
          id={id("parent")}
          label="Parent account"
          hint="Search by name or CRM id; empty for a top-level account."
          error={errors.parentId}
          placeholder="No parent"
          selected={parent}
          onSelect={setParent}
          search={async (q) => {
            if (!q) return [];
            const result = await searchAccountsAction({ q });
            if (!result.ok) return result.error.message;
            return result.data.filter((option) => option.id !== account.id).map((option) => ({ id: option.id, label: option.name }));
          }}
        />
        {parent ? <button type="button" className="btn ghost" onClick={() => { setParent(null); setParentBox((n) => n + 1); }}>Make top-level</button> : null}
      </div>}
      <div className="row acc-dialog-actions">
        <button type="submit" className="btn primary" disabled={pending}>{pending ? "Saving…" : "Save details"}</button>
        <button type="button" className="btn" onClick={onCancel} disabled={pending}>Cancel</button>
      </div>
    </form>
  );
}
