"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { saveSalesforceMappingAction } from "@/lib/actions/salesforce.ts";
import { Field, invalidProps } from "@/components/ui/field.tsx";

type Mapping = {
  account: Record<string, string>; opportunity: { csm?: string; primarySa?: string }; accountFields: Record<string, string>; userMatch: "email";
};
type Named = { key: string; label: string };

/** Roster role → Salesforce field API name; Salesforce's describe checks each field on save. */
export function MappingForm({ mapping, roles, crmFields, csqlTarget, canEdit }: {
  mapping: Mapping; roles: Named[]; crmFields: Named[]; csqlTarget: "lead" | "opportunity"; canEdit: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string }>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "").trim();
    const filled = (prefix: string, keys: Named[]) =>
      Object.fromEntries(keys.map((item) => [item.key, value(`${prefix}.${item.key}`)]).filter(([, field]) => field));
    const account = filled("account", roles);
    const accountFields = filled("accountFields", crmFields);
    startTransition(async () => {
      const result = await saveSalesforceMappingAction({
        account, accountFields, userMatch: "email",
        opportunity: { csm: value("opportunity.csm") || undefined, primarySa: value("opportunity.primarySa") || undefined },
        csqlTarget: value("csqlTarget") === "lead" ? "lead" : "opportunity",
      });
      if (result.ok) {
        setErrors({});
        setMessage({ kind: "ok", text: "Mapping saved: every field checked against Salesforce." });
        router.refresh();
      } else {
        setErrors(result.error.fields ?? {});
        setMessage({ kind: "error", text: result.error.message });
      }
    });
  }

  const input = (name: string, label: string, current?: string) => (
    <Field key={name} id={`map-${name}`} label={label} error={errors[name]}>
      <input id={`map-${name}`} name={name} defaultValue={current ?? ""} placeholder="Field API name, e.g. My_Field__c"
        disabled={!canEdit} {...invalidProps(`map-${name}`, errors[name])} />
    </Field>
  );
  return (
    <form onSubmit={onSubmit} className="stack" aria-label="Field mapping">
      {message ? <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>{message.text}</div> : null}
      <fieldset className="stack">
        <legend>Account (a lookup to User per role)</legend>
        {roles.map((role) => input(`account.${role.key}`, role.label, mapping.account[role.key]))}
      </fieldset>
      <fieldset className="stack">
        <legend>Opportunity</legend>
        {input("opportunity.csm", "CSM", mapping.opportunity.csm)}
        {input("opportunity.primarySa", "Primary SA", mapping.opportunity.primarySa)}
      </fieldset>
      {crmFields.length > 0 ? (
        <fieldset className="stack">
          <legend>Account fields Salesforce owns (read from it every minute)</legend>
          {crmFields.map((field) => input(`accountFields.${field.key}`, field.label, mapping.accountFields[field.key]))}
        </fieldset>
      ) : null}
      <Field id="map-csqlTarget" label="CSQLs go to Salesforce as">
        <select id="map-csqlTarget" name="csqlTarget" defaultValue={csqlTarget} disabled={!canEdit}>
          <option value="opportunity">Opportunities</option>
          <option value="lead">Leads</option>
        </select>
      </Field>
      {canEdit ? <div><button className="btn primary" type="submit" disabled={pending}>{pending ? "Checking…" : "Save mapping"}</button></div> : null}
    </form>
  );
}
