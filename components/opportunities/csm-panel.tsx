"use client";

import { type FormEvent, useId, useState } from "react";
import { clearCsmOverrideAction, overrideCsmAction } from "@/lib/actions/opportunities.ts";
import type { PickerUser } from "@/lib/domain/opportunities/eligible-users.ts";
import type { OpportunityView } from "@/lib/domain/opportunities/schemas.ts";
import { ActionMessage } from "./action-message.tsx";
import { DialogButton } from "./dialog.tsx";
import { LockIcon, OverrideBadge } from "./lock-icon.tsx";
import { useMutation } from "./use-mutation.ts";
import { UserPicker } from "./user-picker.tsx";
import { ReasonField } from "@/components/ui/reason-field.tsx";

type Props = {
  opportunity: Pick<OpportunityView, "id" | "csm" | "csmOverridden" | "isClosed" | "stage">;
  /** Privileged profiles: override and clear. Everyone else only reads. */
  canOverride: boolean;
  csmUsers: PickerUser[];
};

export function CsmPanel({ opportunity, canOverride, csmUsers }: Props) {
  const mutation = useMutation();
  const { csm, csmOverridden, isClosed } = opportunity;
  const explain = csmOverridden
    ? "Overridden: it stays when the account's CSM changes."
    : isClosed
      ? "Locked at close: the account's later CSM changes do not reach it."
      : "Follows the account's CSM while the opportunity is open.";
  return (
    <section className="panel" aria-labelledby="opp-csm-title">
      <div className="opp-section-head">
        <h2 id="opp-csm-title">CSM</h2>
        {isClosed ? <LockIcon /> : null}
      </div>
      <div className="opp-person" data-testid="opp-csm">
        <div className="who">
          <strong>{csm ? csm.name : "No CSM"}</strong>
          {csm ? <small>{csm.email}</small> : null}
        </div>
        {csmOverridden ? <OverrideBadge /> : null}
      </div>
      <p className="opp-note">{explain}</p>
      {canOverride ? (
        <div className="opp-controls">
          <DialogButton label="Override CSM" title="Override the CSM">
            {(close) => <OverrideForm id={opportunity.id} currentId={csm?.id ?? ""} users={csmUsers} close={close} onSaved={mutation.announce}
              reasonRequired={opportunity.stage === "closed_won"} />}
          </DialogButton>
          {csmOverridden ? (
            <button type="button" className="btn" disabled={mutation.pending}
              onClick={() => mutation.run(() => clearCsmOverrideAction({ id: opportunity.id }), "Override cleared; the opportunity has the account's CSM again.")}>
              {mutation.pending ? "Clearing…" : "Clear override"}
            </button>
          ) : null}
        </div>
      ) : null}
      <ActionMessage message={mutation.message} />
    </section>
  );
}

function OverrideForm({ id, currentId, users, close, onSaved, reasonRequired }: {
  id: string; currentId: string; users: PickerUser[]; close: () => void; onSaved: (text: string) => void; reasonRequired: boolean;
}) {
  const [userId, setUserId] = useState(currentId);
  const [reason, setReason] = useState("");
  const form = useMutation();
  const pickerId = useId();
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    form.run(() => overrideCsmAction({ id, userId: userId || null, reason }), "", (data) => {
      onSaved(data.csm ? `CSM overridden to ${data.csm.name}.` : "CSM overridden to nobody.");
      close();
    });
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={form.pending}>
      <p className="muted" style={{ margin: 0 }}>
        An overridden CSM stays on this opportunity when the account&apos;s CSM changes, until someone clears the override.
      </p>
      <UserPicker id={pickerId} label="New CSM" users={users} value={userId} onChange={setUserId}
        none="Nobody (no CSM)" error={form.fields.userId} />
      <ReasonField id={`${pickerId}-reason`} value={reason} onChange={setReason} required={reasonRequired} error={form.fields.reason} />
      <ActionMessage message={form.message?.kind === "error" ? form.message : undefined} />
      <div className="opp-dialog-actions">
        <button type="button" className="btn" onClick={close}>Cancel</button>
        <button type="submit" className="btn primary" disabled={form.pending}>{form.pending ? "Saving…" : "Override CSM"}</button>
      </div>
    </form>
  );
}
