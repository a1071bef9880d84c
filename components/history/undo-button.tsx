"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { DialogButton } from "@/components/ui/dialog-button.tsx";
import { Field } from "@/components/ui/field.tsx";
import { undoBatchAction } from "@/lib/actions/batches.ts";

/**
 * "Undo" on a history entry: undoes the whole change it was part of (a transfer moves many
 * accounts), after saying so. The server decides whether it still can (24 hours, nothing changed
 * since) and says why not.
 */
export function UndoButton({ batchId, sentence }: { batchId: string; sentence: string }) {
  return (
    <DialogButton label="Undo" title="Undo this change?" className="btn history-undo" accessibleLabel={`Undo: ${sentence}`}
      dialogClassName="history-dialog" bodyClassName="history-dialog-body">
      {(close) => <UndoForm batchId={batchId} sentence={sentence} close={close} />}
    </DialogButton>
  );
}

function UndoForm({ batchId, sentence, close }: { batchId: string; sentence: string; close: () => void }) {
  const router = useRouter();
  const reasonId = useId();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  function undo() {
    startTransition(async () => {
      const result = await undoBatchAction({ batchId, reason: reason || undefined });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      close();
      router.refresh();
    });
  }

  return (
    <>
      <p>{sentence}</p>
      <p className="history-detail">
        Everything this change did is put back — on every account it touched, with their opportunities — as a new change in the history.
      </p>
      <Field id={reasonId} label="Reason (optional)">
        <input id={reasonId} value={reason} maxLength={1000} onChange={(event) => setReason(event.target.value)} />
      </Field>
      {error ? <div className="alert error" role="alert">{error}</div> : null}
      <div className="history-dialog-actions">
        <button type="button" className="btn primary" onClick={undo} disabled={pending}>{pending ? "Undoing…" : "Undo change"}</button>
        <button type="button" className="btn" onClick={close} disabled={pending}>Keep it</button>
      </div>
    </>
  );
}
