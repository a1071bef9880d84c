"use client";

import { type FormEvent, useId, useState } from "react";
import { addSupportingSaAction, removeSupportingSaAction, setPrimarySaAction } from "@/lib/actions/opportunities.ts";
import type { PickerUser } from "@/lib/domain/opportunities/eligible-users.ts";
import type { OpportunityView } from "@/lib/domain/opportunities/schemas.ts";
import type { ActionResult } from "@/lib/auth/action.ts";
import { ActionMessage } from "./action-message.tsx";
import { DialogButton } from "./dialog.tsx";
import { LockIcon } from "./lock-icon.tsx";
import { useMutation } from "./use-mutation.ts";
import { ReasonField } from "@/components/ui/reason-field.tsx";
import { UserPicker } from "./user-picker.tsx";

type Person = OpportunityView["supportingSas"][number];

type Props = {
  opportunity: Pick<OpportunityView, "id" | "isClosed" | "primarySa" | "supportingSas" | "stage">;
  actorId: string;
  /**
   * "privileged": set anyone, any time. "self": an SA adding or removing themselves (while open).
   * "team": a CSM manager on their team's open deal, who may set the primary SA. "none": read only.
   */
  mode: "privileged" | "self" | "team" | "none";
  saUsers: PickerUser[];
};

export function SaPanel({ opportunity, actorId, mode, saUsers }: Props) {
  const mutation = useMutation();
  const { id, isClosed, primarySa, supportingSas } = opportunity;
  const isPrimary = primarySa?.id === actorId;
  const isSupporting = supportingSas.some((sa) => sa.id === actorId);
  const selfControls = mode === "self" && !isClosed;
  const privileged = mode === "privileged";
  const setsPrimary = privileged || (mode === "team" && !isClosed);

  const person = (user: Person, role: "primary" | "supporting") => (
    <div className="opp-person" key={user.id}>
      <div className="who">
        <strong>{user.name}{user.id === actorId ? " (you)" : ""}</strong>
        <small>{user.email}</small>
      </div>
      {privileged ? (
        <button type="button" className="btn" disabled={mutation.pending}
          aria-label={role === "primary" ? `Clear primary SA ${user.name}` : `Remove ${user.name}`}
          onClick={() => mutation.run(
            () => role === "primary" ? setPrimarySaAction({ id, userId: null }) : removeSupportingSaAction({ id, userId: user.id }),
            role === "primary" ? `${user.name} is no longer primary SA.` : `Removed ${user.name}.`,
          )}>
          {role === "primary" ? "Clear" : "Remove"}
        </button>
      ) : null}
    </div>
  );

  return (
    <section className="panel" aria-labelledby="opp-sa-title">
      <div className="opp-section-head">
        <h2 id="opp-sa-title">Solutions architects</h2>
        {isClosed ? <LockIcon /> : null}
      </div>
      <p className="opp-label" id="opp-primary-label">Primary</p>
      <div aria-labelledby="opp-primary-label" role="group" data-testid="opp-primary-sa">
        {primarySa ? person(primarySa, "primary") : <p className="muted" style={{ margin: "4px 0" }}>No primary SA</p>}
      </div>
      <p className="opp-label" id="opp-supporting-label">Supporting</p>
      {supportingSas.length ? (
        <ul className="opp-people" aria-labelledby="opp-supporting-label" data-testid="opp-supporting-sas">
          {supportingSas.map((user) => <li key={user.id}>{person(user, "supporting")}</li>)}
        </ul>
      ) : <p className="muted" style={{ margin: "4px 0" }} data-testid="opp-supporting-sas">No supporting SAs</p>}

      {mode === "self" && isClosed ? <p className="alert info opp-message">Closed — CSM and SAs are locked.</p> : null}
      {selfControls ? (
        <div className="opp-controls">
          {isPrimary ? (
            <SelfButton label="Remove me as primary" mutation={mutation} done="You are no longer primary SA; you keep your credit as supporting."
              call={() => setPrimarySaAction({ id, userId: null })} />
          ) : (
            <SelfButton label="Make me primary" mutation={mutation} done="You are now the primary SA."
              call={() => setPrimarySaAction({ id, userId: actorId })} />
          )}
          {isSupporting ? (
            <SelfButton label="Remove me" mutation={mutation} done="You are no longer a supporting SA."
              call={() => removeSupportingSaAction({ id, userId: actorId })} />
          ) : !isPrimary ? (
            <SelfButton label="Add me as supporting" mutation={mutation} done="You are now a supporting SA."
              call={() => addSupportingSaAction({ id, userId: actorId })} />
          ) : null}
        </div>
      ) : null}
      {setsPrimary ? (
        <div className="opp-controls">
          <DialogButton label="Set primary SA" title="Set the primary SA">
            {(close) => (
              <PickSaForm users={saUsers} initial={primarySa?.id ?? ""} none="No primary SA" submit="Set primary SA" close={close}
                note="The previous primary SA keeps their credit as a supporting SA."
                reason={opportunity.stage === "closed_won" ? "required" : "optional"}
                call={(userId, reason) => setPrimarySaAction({ id, userId: userId || null, reason })}
                onSaved={(userId) => mutation.announce(userId ? `${nameOf(saUsers, userId)} is now the primary SA.` : "Primary SA cleared.")} />
            )}
          </DialogButton>
          {privileged ? <DialogButton label="Add supporting SA" title="Add a supporting SA">
            {(close) => (
              <PickSaForm users={saUsers} initial="" submit="Add supporting SA" close={close}
                exclude={[...(primarySa ? [primarySa.id] : []), ...supportingSas.map((sa) => sa.id)]}
                call={(userId) => addSupportingSaAction({ id, userId })}
                onSaved={(userId) => mutation.announce(`${nameOf(saUsers, userId)} is now a supporting SA.`)} />
            )}
          </DialogButton> : null}
        </div>
      ) : null}
      {privileged && isClosed ? <p className="opp-note">Closed: only privileged profiles like yours may change its SAs.</p> : null}
      <ActionMessage message={mutation.message} />
    </section>
  );
}

const nameOf = (users: PickerUser[], id: string) => users.find((user) => user.id === id)?.name ?? "That person";

function SelfButton({ label, call, done, mutation }: {
  label: string; call: () => Promise<ActionResult<unknown>>; done: string; mutation: ReturnType<typeof useMutation>;
}) {
  return (
    <button type="button" className="btn primary" disabled={mutation.pending} onClick={() => mutation.run(call, done)}>
      {label}
    </button>
  );
}

function PickSaForm({ users, initial, none, submit, note, exclude, reason: asks, call, onSaved, close }: {
  users: PickerUser[]; initial: string; none?: string; submit: string; note?: string; exclude?: string[];
  /** Whether the change takes a reason (a primary SA change; required on a closed-won deal). */
  reason?: "optional" | "required";
  call: (userId: string, reason: string) => Promise<ActionResult<unknown>>; onSaved: (userId: string) => void; close: () => void;
}) {
  const [userId, setUserId] = useState(initial);
  const [reason, setReason] = useState("");
  const form = useMutation();
  const pickerId = useId();
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!userId && none === undefined) {
      form.run(async () => ({ ok: false, error: { code: "invalid_request", message: "Choose a person.", fields: { userId: "Choose a person." } } }), "");
      return;
    }
    form.run(() => call(userId, reason), "", () => {
      onSaved(userId);
      close();
    });
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={form.pending}>
      {note ? <p className="muted" style={{ margin: 0 }}>{note}</p> : null}
      <UserPicker id={pickerId} label="Solutions architect" users={users} value={userId} onChange={setUserId} none={none}
        exclude={exclude} error={form.fields.userId} />
      {asks ? <ReasonField id={`${pickerId}-reason`} value={reason} onChange={setReason} required={asks === "required"} error={form.fields.reason} /> : null}
      <ActionMessage message={form.message?.kind === "error" ? form.message : undefined} />
      <div className="opp-dialog-actions">
        <button type="button" className="btn" onClick={close}>Cancel</button>
        <button type="submit" className="btn primary" disabled={form.pending}>{form.pending ? "Saving…" : submit}</button>
      </div>
    </form>
  );
}
