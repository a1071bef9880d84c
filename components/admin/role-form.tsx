"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { createRoleAction } from "@/lib/actions/roles.ts";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import type { UserView } from "@/lib/domain/users/schemas.ts";

const PROFILES: [UserView["profile"], string][] = [
  ["csm", "CSM"], ["csm_manager", "CSM manager"], ["sa", "Solutions architect"], ["sales_ops", "Sales ops"],
  ["leader", "Leader"], ["admin", "Admin"], ["sales_comp", "Sales comp"], ["finance", "Finance"], ["integration", "Integration"], ["sales", "Sales"],
];

export function RoleForm() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string }>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    startTransition(async () => {
      const result = await createRoleAction({
        key: String(form.get("key") ?? "").trim(),
        label: String(form.get("label") ?? "").trim(),
        eligibleProfiles: form.getAll("eligibleProfiles").map(String) as UserView["profile"][],
      });
      if (result.ok) {
        setErrors({});
        setMessage({ kind: "ok", text: `Added ${result.data.label}.` });
        formElement.reset();
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
        <Field id="role-key" label="Key" error={errors.key} hint="e.g. support_engineer">
          <input id="role-key" name="key" required {...invalidProps("role-key", errors.key)} />
        </Field>
        <Field id="role-label" label="Label" error={errors.label}>
          <input id="role-label" name="label" required {...invalidProps("role-label", errors.label)} />
        </Field>
      </div>
      <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 600, fontSize: 13, marginBottom: 4 }}>Who may hold it</legend>
        <div className="row">
          {PROFILES.map(([value, label]) => (
            <label key={value} className="row" style={{ gap: 4 }}>
              <input type="checkbox" name="eligibleProfiles" value={value} /> {label}
            </label>
          ))}
        </div>
        {errors.eligibleProfiles ? <span className="error" role="alert">{errors.eligibleProfiles}</span> : null}
      </fieldset>
      <div className="row"><button className="btn primary" type="submit" disabled={pending}>{pending ? "Adding…" : "Add role"}</button></div>
    </form>
  );
}
