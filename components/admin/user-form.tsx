"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { createUserAction, updateUserAction } from "@/lib/actions/users.ts";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import type { UserView } from "@/lib/domain/users/schemas.ts";

const PROFILES: [UserView["profile"], string][] = [
  ["admin", "Admin"], ["sales_ops", "Sales ops"], ["sales_comp", "Sales comp"], ["finance", "Finance"],
  ["integration", "Integration"], ["sales", "Sales"], ["csm_manager", "CSM manager"], ["csm", "CSM"], ["sa", "Solutions architect"], ["leader", "Leader"],
];

type Props = { managers: { id: string; name: string }[] } & ({ mode: "create"; user?: undefined } | { mode: "edit"; user: UserView });

export function UserForm({ mode, user, managers }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string }>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const capacity = text("capacity") === "" ? null : Number(text("capacity"));
    const common = {
      name: text("name"),
      profile: text("profile") as UserView["profile"],
      managerId: text("managerId") || null,
      capacity: Number.isNaN(capacity) ? (-1 as number) : capacity,
      ...(text("password") ? { password: text("password") } : {}),
    };
    startTransition(async () => {
      const result = mode === "create"
        ? await createUserAction({ ...common, email: text("email") })
        : await updateUserAction({ ...common, id: user.id, active: form.get("active") === "on" });
      if (result.ok) {
        setErrors({});
        setMessage({ kind: "ok", text: mode === "create" ? `Created ${result.data.name}.` : "Saved." });
        if (mode === "create") formElement.reset();
        router.refresh();
      } else {
        setErrors(result.error.fields ?? {});
        setMessage({ kind: "error", text: result.error.message });
      }
    });
  }

  const prefix = mode === "create" ? "new-user" : "user";
  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-busy={pending}>
      {message ? <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>{message.text}</div> : null}
      <div className="form-grid">
        {mode === "create" ? (
          <Field id={`${prefix}-email`} label="Email" error={errors.email}>
            <input id={`${prefix}-email`} name="email" type="email" required {...invalidProps(`${prefix}-email`, errors.email)} />
          </Field>
        ) : null}
        <Field id={`${prefix}-name`} label="Name" error={errors.name}>
          <input id={`${prefix}-name`} name="name" required defaultValue={user?.name} {...invalidProps(`${prefix}-name`, errors.name)} />
        </Field>
        <Field id={`${prefix}-profile`} label="Profile" error={errors.profile}>
          <select id={`${prefix}-profile`} name="profile" defaultValue={user?.profile ?? "csm"} {...invalidProps(`${prefix}-profile`, errors.profile)}>
            {PROFILES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </Field>
        <Field id={`${prefix}-manager`} label="Manager" error={errors.managerId}>
          <select id={`${prefix}-manager`} name="managerId" defaultValue={user?.managerId ?? ""} {...invalidProps(`${prefix}-manager`, errors.managerId)}>
            <option value="">No manager</option>
            {managers.map((manager) => <option key={manager.id} value={manager.id}>{manager.name}</option>)}
          </select>
        </Field>
        <Field id={`${prefix}-capacity`} label="Capacity" error={errors.capacity} hint="Target number of accounts">
          <input id={`${prefix}-capacity`} name="capacity" type="number" min={0} step={1} defaultValue={user?.capacity ?? ""} {...invalidProps(`${prefix}-capacity`, errors.capacity)} />
        </Field>
        <Field id={`${prefix}-password`} label={mode === "create" ? "Password" : "New password"} error={errors.password} hint="At least 8 characters; leave empty for single sign-on only">
          <input id={`${prefix}-password`} name="password" type="password" autoComplete="new-password" {...invalidProps(`${prefix}-password`, errors.password)} />
        </Field>
      </div>
      {mode === "edit" ? (
        <label className="row"><input type="checkbox" name="active" defaultChecked={user.active} /> Active (inactive users cannot sign in or hold roles)</label>
      ) : null}
      <div className="row">
        <button className="btn primary" type="submit" disabled={pending}>{pending ? "Saving…" : mode === "create" ? "Create user" : "Save changes"}</button>
      </div>
    </form>
  );
}
