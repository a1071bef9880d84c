"use client";

import "./workload.css";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState, useTransition } from "react";
import { MovePreviewPanel } from "@/components/accounts/move-preview-panel.tsx";
import { DialogButton } from "@/components/ui/dialog-button.tsx";
import { ReasonField } from "@/components/ui/reason-field.tsx";
import { assignmentImpactAction, bulkAssignRoleAction } from "@/lib/actions/accounts.ts";
import type { AssignmentImpact } from "@/lib/domain/accounts/assignment-impact.ts";

type Props = {
  role: "csm" | "sa";
  accountIds: string[];
  from: { id: string; name: string };
  to: { id: string; name: string };
};

/**
 * "Apply" on a rebalancing suggestion: previews exactly its accounts moving (the receiving rep's
 * load, what changes), then moves them as one audited change — refused if any of them is no
 * longer held by the rep the suggestion relieves.
 */
export function ApplySuggestion(props: Props) {
  return (
    <DialogButton label="Apply" title={`Move ${props.accountIds.length === 1 ? "1 account" : `${props.accountIds.length} accounts`} to ${props.to.name}?`}
      className="btn primary" accessibleLabel={`Apply: move from ${props.from.name} to ${props.to.name}`}
      dialogClassName="wl-dialog" bodyClassName="wl-dialog-body">
      {(close) => <ApplyForm {...props} close={close} />}
    </DialogButton>
  );
}

function ApplyForm({ role, accountIds, from, to, close }: Props & { close: () => void }) {
  const router = useRouter();
  const reasonId = useId();
  const [impact, setImpact] = useState<AssignmentImpact | null>(null);
  const [reason, setReason] = useState("Rebalancing suggestion");
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [pending, startTransition] = useTransition();
  const label = role === "csm" ? "CSM" : "SA";

  useEffect(() => {
    let live = true;
    assignmentImpactAction({ accountIds, roleKey: role, userId: to.id }).then((result) => {
      if (!live) return;
      if (result.ok) setImpact(result.data);
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [accountIds, role, to.id]);

  function apply() {
    startTransition(async () => {
      const result = await bulkAssignRoleAction({ accountIds, roleKey: role, userId: to.id, fromUserId: from.id, reason });
      if (!result.ok) return setError(result.error.message);
      setDone(`Moved ${result.data.accounts === 1 ? "1 account" : `${result.data.accounts} accounts`} from ${from.name} to ${to.name}.`);
      router.refresh();
    });
  }

  if (done) {
    return (
      <>
        <div className="alert ok" role="status">{done} It can be undone from any of their histories for 24 hours.</div>
        <div className="row"><button type="button" className="btn" onClick={close}>Close</button></div>
      </>
    );
  }
  return (
    <>
      <p style={{ margin: 0 }}>Preview — nothing has changed yet. {from.name}&apos;s {label} accounts below move to {to.name} as one change.</p>
      {impact ? <MovePreviewPanel preview={impact.preview} roleLabel={label} /> : error ? null : <p className="muted">Counting…</p>}
      <ReasonField id={reasonId} value={reason} onChange={setReason} />
      {error ? <div className="alert error" role="alert">{error}</div> : null}
      <div className="row">
        <button type="button" className="btn primary" onClick={apply} disabled={pending || !impact}>{pending ? "Moving…" : "Move them"}</button>
        <button type="button" className="btn" onClick={close} disabled={pending}>Cancel</button>
      </div>
    </>
  );
}
