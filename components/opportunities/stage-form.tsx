"use client";

import { type FormEvent, useState } from "react";
import { changeStageAction } from "@/lib/actions/opportunities.ts";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import type { Stage } from "@/lib/domain/opportunities/schemas.ts";
import { ActionMessage } from "./action-message.tsx";
import { isClosed as isClosedStage, STAGE_LABELS, STAGE_ORDER as STAGES } from "./format.ts";
import { useMutation } from "./use-mutation.ts";

/**
 * Stage changes for record keepers. Closing is the moment the CSM and SAs lock, so the form says
 * so before it happens, and says what reopening undoes.
 */
export function StageForm({ id, stage, version, merged }: { id: string; stage: Stage; version: number; merged: boolean }) {
  const [next, setNext] = useState<Stage>(stage);
  const mutation = useMutation();
  const closing = !isClosedStage(stage) && isClosedStage(next);
  const reopening = isClosedStage(stage) && !isClosedStage(next);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    mutation.run(() => changeStageAction({ id, stage: next, version }), (data) =>
      data.isClosed && !isClosedStage(stage)
        ? `Closed as ${STAGE_LABELS[data.stage].toLowerCase()}; the CSM and SAs are now locked.`
        : `Stage is now ${STAGE_LABELS[data.stage]}.`);
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-busy={mutation.pending} style={{ marginTop: 16 }}>
      <div className="row" style={{ alignItems: "flex-end" }}>
        <Field id="opp-stage" label="Change stage" error={mutation.fields.stage}>
          <select id="opp-stage" value={next} onChange={(event) => setNext(event.currentTarget.value as Stage)}
            aria-describedby="opp-stage-note" {...invalidProps("opp-stage", mutation.fields.stage)}>
            {STAGES.map((value) => <option key={value} value={value}>{STAGE_LABELS[value]}</option>)}
          </select>
        </Field>
        <button type="submit" className="btn primary" disabled={mutation.pending || next === stage}>
          {mutation.pending ? "Saving…" : closing ? "Close and lock" : reopening ? "Reopen" : "Save stage"}
        </button>
      </div>
      <p id="opp-stage-note" className={closing || reopening ? "alert info" : "opp-note"} style={{ margin: 0 }}>
        {closing
          ? "Closing locks the CSM and SAs: after this, only privileged profiles can change them, and account reassignments no longer reach this opportunity."
          : reopening
            ? merged
              ? "A merged opportunity cannot be reopened."
              : "Reopening unlocks the CSM and SAs; the CSM follows the account again unless it is overridden."
            : "Closing (won or lost) locks the CSM and SAs."}
      </p>
      <ActionMessage message={mutation.message} />
    </form>
  );
}
