"use client";

import "./accounts.css";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { assignRoleAction } from "@/lib/actions/accounts.ts";
import { AssignRoleForm } from "./assign-role-form.tsx";
import { DialogButton } from "./dialog.tsx";
import { roleName, type RoleOption } from "./format.ts";

export type TeamMember = { id: string; name: string; email: string; active: boolean };
export type TeamControls = "assign" | "self-sa" | "none";

type Props = {
  accountId: string;
  roles: RoleOption[];
  team: Record<string, TeamMember | null>;
  pending: Record<string, { email: string; name: string | null }>;
  /** What the viewer may do: assign anyone, add or remove themselves as SA, or nothing. */
  controls: TeamControls;
  /** With `assign`, only these roles (a holder whose role lets them assign some); all when absent. */
  assignable?: readonly string[];
  actorId: string;
};

function Holder({ member, pending }: { member: TeamMember | null; pending?: { email: string; name: string | null } }) {
  if (member) {
    return (
      <span className="acc-holder">
        <span>{member.name}</span>
        <span className="muted acc-email">{member.email}</span>
        {member.active ? null : <span className="badge warn">Inactive</span>}
      </span>
    );
  }
  if (pending) {
    return (
      <span className="acc-holder">
        <span className="badge warn">pending {pending.email}</span>
        <span className="muted acc-email">Takes effect when a user with this email is created{pending.name ? ` (${pending.name})` : ""}.</span>
      </span>
    );
  }
  return <span className="muted">Unassigned</span>;
}

/** An SA's own slot: "Add me" / "Remove me", no picker. */
function SelfSa({ accountId, holderId, holderName, actorId, onDone }: {
  accountId: string; holderId: string | null; holderName: string | null; actorId: string; onDone: (message: string) => void;
}) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  // Taking a slot someone else holds replaces them: ask first, never silently.
  const [confirming, setConfirming] = useState(false);
  const mine = holderId === actorId;
  if (confirming) {
    return (
      <div className="acc-self" role="group" aria-label={`Replace ${holderName} as SA?`}>
        <span>Replace {holderName} as SA?</span>
        <button type="button" className="btn primary" disabled={pending} onClick={() => { setConfirming(false); run(); }}>Replace</button>
        <button type="button" className="btn" onClick={() => setConfirming(false)}>Cancel</button>
      </div>
    );
  }
  function run() {
    startTransition(async () => {
      const result = await assignRoleAction({ accountId, roleKey: "sa", userId: mine ? null : actorId });
      if (!result.ok) return setError(result.error.message);
      setError(undefined);
      onDone(mine ? "You are no longer the SA of this account." : holderId ? `You are now the SA of this account, replacing ${holderName}.` : "You are now the SA of this account.");
    });
  }
  return (
    <div className="acc-self">
      <button type="button" className={mine ? "btn" : "btn primary"} onClick={() => (holderId && !mine ? setConfirming(true) : run())} disabled={pending} aria-describedby={error ? `self-sa-error` : undefined}>
        {pending ? "Saving…" : mine ? "Remove me" : "Add me"}
      </button>
      {error ? <span className="acc-inline-error" id="self-sa-error" role="alert">{error}</span> : null}
    </div>
  );
}

/** The account's team: every role with its holder, pending email or "Unassigned", and the controls the viewer may use. */
export function TeamPanel({ accountId, roles, team, pending, controls, actorId, assignable }: Props) {
  const router = useRouter();
  const [message, setMessage] = useState<string>();
  const done = (text: string) => {
    setMessage(text);
    router.refresh();
  };
  const showActions = controls !== "none";

  return (
    <section className="panel" aria-labelledby="team-title">
      <h2 id="team-title">Team</h2>
      <div role="status" aria-live="polite">{message ? <div className="alert ok acc-message">{message}</div> : null}</div>
      <table className="data acc-team">
        <caption className="sr-only">Roles on this account and who holds them</caption>
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Holder</th>
            {showActions ? <th scope="col"><span className="sr-only">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {roles.map((role) => {
            const member = team[role.key] ?? null;
            const waiting = pending[role.key];
            const label = roleName(role);
            const current = member ? { id: member.id, name: member.name } : waiting ? { id: null, name: `pending ${waiting.email}` } : null;
            return (
              <tr key={role.key} data-role={role.key}>
                <th scope="row" className="acc-role">
                  {role.label}
                  {role.key === "csm" ? <span className="muted acc-role-note">stamps open opportunities</span> : null}
                </th>
                <td><Holder member={member} pending={waiting} /></td>
                {showActions ? (
                  <td className="acc-team-actions">
                    {controls === "assign" && (!assignable || assignable.includes(role.key)) ? (
                      <div className="row">
                        <DialogButton
                          label={current ? "Change" : "Assign"}
                          accessibleLabel={`${current ? "Change" : "Assign"} ${label}`}
                          title={`${current ? "Change" : "Assign"} ${label}`}
                        >
                          {(close) => (
                            <AssignRoleForm
                              accountIds={[accountId]}
                              role={role}
                              mode="assign"
                              current={current}
                              onCancel={close}
                              onDone={(text) => {
                                close();
                                done(text);
                              }}
                            />
                          )}
                        </DialogButton>
                        {current ? (
                          <DialogButton label="Remove" className="btn ghost" accessibleLabel={`Remove ${label}`} title={`Remove ${label}`}>
                            {(close) => (
                              <AssignRoleForm
                                accountIds={[accountId]}
                                role={role}
                                mode="remove"
                                current={current}
                                onCancel={close}
                                onDone={(text) => {
                                  close();
                                  done(text);
                                }}
                              />
                            )}
                          </DialogButton>
                        ) : null}
                      </div>
                    ) : controls === "self-sa" && role.key === "sa" ? (
                      <SelfSa accountId={accountId} holderId={member?.id ?? null} holderName={member?.name ?? null} actorId={actorId} onDone={done} />
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
