"use client";

import type { FormEvent } from "react";
import { DialogButton } from "@/components/accounts/dialog.tsx";
import { useMutation } from "@/components/opportunities/use-mutation.ts";
import { setRoleRightsAction } from "@/lib/actions/roles.ts";
import type { RoleRightsInput } from "@/lib/domain/roles/schemas.ts";

const FLAGS: [keyof Omit<RoleRightsInput, "assignRoles">, string][] = [
  ["editAccount", "Edit the account's details"],
  ["logActivities", "Log activities for others"],
  ["raiseCsqls", "Raise CSQLs"],
  ["seeComp", "See the comp rows of their accounts"],
  ["onChildren", "Also on the held accounts' child accounts"],
];

/** Admin → Account roles: what holders of one role may do on the accounts they hold. */
export function RoleRightsButton({ role, roles }: { role: { key: string; label: string; holderRights: RoleRightsInput }; roles: { key: string; label: string }[] }) {
  const { message, announce } = useMutation();
  return (
    <span className="row" style={{ gap: 8 }}>
      <DialogButton label="Rights" title={`What ${role.label} holders may do`} accessibleLabel={`Rights of ${role.label} holders`}>
        {(close) => <RightsForm role={role} roles={roles} onCancel={close} onDone={(text) => { close(); announce(text); }} />}
      </DialogButton>
      {message ? <span role="status" className="muted">{message.text}</span> : null}
    </span>
  );
}

function RightsForm({ role, roles, onDone, onCancel }: {
  role: { key: string; label: string; holderRights: RoleRightsInput }; roles: { key: string; label: string }[];
  onDone: (text: string) => void; onCancel: () => void;
}) {
  const { pending, message, fields, run } = useMutation();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const flag = (name: string) => form.get(name) === "on";
    run(() => setRoleRightsAction({
      key: role.key, editAccount: flag("editAccount"), logActivities: flag("logActivities"), raiseCsqls: flag("raiseCsqls"),
      seeComp: flag("seeComp"), onChildren: flag("onChildren"), assignRoles: form.getAll("assignRoles").map(String),
    }), "Saved.", () => onDone(`Saved what ${role.label} holders may do.`));
  }
  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {message?.kind === "error" ? <div className="alert error" role="alert">{message.text}</div> : null}
      <p className="muted" style={{ margin: 0 }}>On the accounts they hold, beyond what their profile allows everywhere. Leaders stay read-only.</p>
      <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 600, fontSize: 13, marginBottom: 4 }}>Holders may</legend>
        {FLAGS.map(([name, label]) => (
          <label key={name} className="row" style={{ gap: 6 }}>
            <input type="checkbox" name={name} defaultChecked={role.holderRights[name]} /> {label}
          </label>
        ))}
      </fieldset>
      <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 600, fontSize: 13, marginBottom: 4 }}>Assign or clear these roles</legend>
        <div className="row" style={{ flexWrap: "wrap" }}>
          {roles.map((other) => (
            <label key={other.key} className="row" style={{ gap: 4 }}>
              <input type="checkbox" name="assignRoles" value={other.key} defaultChecked={role.holderRights.assignRoles.includes(other.key)} /> {other.label}
            </label>
          ))}
        </div>
        {fields.assignRoles ? <span className="error" role="alert">{fields.assignRoles}</span> : null}
      </fieldset>
      <div className="row">
        <button className="btn primary" type="submit" disabled={pending}>{pending ? "Saving…" : "Save rights"}</button>
        <button className="btn" type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
