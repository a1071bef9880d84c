"use client";

import "./accounts.css";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useId, useState, useTransition } from "react";
import { followParentCsmAction, followParentCsmPreviewAction } from "@/lib/actions/accounts.ts";
import type { FollowParentCsmPreview } from "@/lib/domain/accounts/follow-parent-csm.ts";
import { ReasonField } from "@/components/ui/reason-field.tsx";
import { DialogButton } from "./dialog.tsx";
import { plural } from "./format.ts";
import { MovePreviewPanel } from "./move-preview-panel.tsx";

type Props = { accountId: string; parentName: string; follows: boolean; version: number };

/**
 * "Follows parent's CSM" on a child account, for whoever may assign its CSM: a switch that opens
 * a confirmation, since switching it on can give the account (and its heirs) another CSM and
 * restamp their open opportunities. A reason is kept in the history, as for other coverage changes.
 */
export function FollowParentSwitch({ accountId, parentName, follows, version }: Props) {
  const router = useRouter();
  const [message, setMessage] = useState<string>();
  return (
    <div className="acc-follow">
      <DialogButton
        className={`acc-switch${follows ? " on" : ""}`}
        label={<><span className="acc-switch-track" aria-hidden="true" /><span>Follows parent&apos;s CSM</span></>}
        pressed={follows}
        title={follows ? `Stop following ${parentName}'s CSM?` : `Follow ${parentName}'s CSM?`}
      >
        {(close) => (
          <FollowForm accountId={accountId} parentName={parentName} follows={follows} version={version} onCancel={close}
            onDone={(text) => {
              close();
              setMessage(text);
              router.refresh();
            }} />
        )}
      </DialogButton>
      <div role="status" aria-live="polite">{message ? <p className="muted acc-follow-message">{message}</p> : null}</div>
    </div>
  );
}

function FollowForm({ accountId, parentName, follows, version, onCancel, onDone }: Props & { onCancel: () => void; onDone: (text: string) => void }) {
  const formId = useId();
  const [reason, setReason] = useState("");
  const [preview, setPreview] = useState<FollowParentCsmPreview | "loading" | null>(follows ? null : "loading");
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    if (follows) return;
    let live = true;
    followParentCsmPreviewAction({ accountId }).then((result) => {
      if (!live) return;
      if (result.ok) setPreview(result.data);
      else {
        setPreview(null);
        setError(result.error.message);
      }
    });
    return () => {
      live = false;
    };
  }, [accountId, follows]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await followParentCsmAction({ accountId, follows: !follows, reason, version });
      if (!result.ok) return setError(result.error.message);
      const done = result.data;
      if (!done.follows) return onDone(`The CSM no longer follows ${parentName}'s; it stays as it is.`);
      const parts = [`The CSM now follows ${parentName}'s.`];
      if (done.opportunities) parts.push(`Stamped ${plural(done.opportunities, "open opportunity", "open opportunities")}.`);
      if (done.cascaded) parts.push(`${plural(done.cascaded, "child account")} followed.`);
      onDone(parts.join(" "));
    });
  }

  const ready = follows || (preview !== null && preview !== "loading");
  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-busy={pending || undefined}>
      {follows ? (
        <p style={{ margin: 0 }}>The account keeps the CSM it has now; later changes of {parentName}&apos;s CSM no longer reach it.</p>
      ) : preview === "loading" ? (
        <p className="muted" role="status">Reading what would change…</p>
      ) : preview ? (
        preview.changesCsm ? (
          <>
            <div className="alert info" role="status">
              The CSM changes from <strong>{preview.currentCsm?.name ?? "no one"}</strong> to <strong>{preview.parentCsm?.name ?? "no one"}</strong>
              {preview.impact ? `: ${plural(preview.impact.opportunities, "open opportunity", "open opportunities")} restamped` : ""}
              {preview.impact?.overridden ? ` (${preview.impact.overridden} with an override keep theirs)` : ""}
              {preview.impact?.cascadedAccounts ? `, and ${plural(preview.impact.cascadedAccounts, "child account")} that inherit follow` : ""}.
            </div>
            {preview.impact ? <MovePreviewPanel preview={preview.impact.preview} roleLabel="CSM" /> : null}
          </>
        ) : (
          <p style={{ margin: 0 }}>Its CSM is already {parentName}&apos;s ({preview.parentCsm?.name ?? "no one"}): nothing is restamped now; later changes reach it.</p>
        )
      ) : null}
      {ready ? <ReasonField id={`${formId}-reason`} value={reason} onChange={setReason} /> : null}
      {error ? <div className="alert error" role="alert">{error}</div> : null}
      <div className="row acc-dialog-actions">
        <button type="submit" className="btn primary" disabled={pending || !ready}>
          {pending ? "Saving…" : follows ? "Stop following" : "Follow the parent's CSM"}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={pending}>Cancel</button>
      </div>
    </form>
  );
}
