"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState, useTransition } from "react";
import { fixCreditAction } from "@/lib/actions/comp.ts";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import type { CreditRole } from "@/lib/domain/comp/review-constants.ts";
import type { CompRowView } from "@/lib/domain/comp/schemas.ts";
import { type PickerPerson, PersonPicker } from "./person-picker.tsx";

/**
 * Change who gets credit for one closed-won opportunity: the CSM or the primary SA, with a
 * required reason that goes into the audit trail. Opens on the role the row is missing.
 */
export function FixCreditForm({ row, csms, sas, close, onDone }: {
  row: CompRowView;
  csms: PickerPerson[];
  sas: PickerPerson[];
  close: () => void;
  onDone: (text: string) => void;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [role, setRole] = useState<CreditRole>(row.csm !== null && row.primarySa === null ? "primary_sa" : "csm");
  const current = role === "csm" ? row.csm : row.primarySa;
  const [userId, setUserId] = useState(current?.id ?? "");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const prefix = useId();

  function chooseRole(next: CreditRole) {
    setRole(next);
    setUserId((next === "csm" ? row.csm : row.primarySa)?.id ?? "");
    setErrors({});
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await fixCreditAction({ opportunityId: row.opportunity.id, role, userId: userId || null, reason }).catch(() => ({
        ok: false as const, error: { code: "internal", message: "Could not reach the server. Try again.", fields: undefined },
      }));
      if (result.ok) {
        const who = role === "csm" ? result.data.csm : result.data.primarySa;
        const what = role === "csm" ? "CSM" : "primary SA";
        onDone(result.data.changed
          ? `Credit fixed on "${row.opportunity.name}": the ${what} is now ${who ?? "nobody"}.`
          : `Nothing changed on "${row.opportunity.name}": ${who ?? "nobody"} already had the ${what} credit.`);
        close();
        router.refresh();
      } else {
        setErrors(result.error.fields ?? {});
        setMessage(result.error.message);
      }
    });
  }

  const people = role === "csm" ? csms : sas;
  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-busy={pending}>
      <p className="muted" style={{ margin: 0 }}>
        {row.opportunity.name} · {row.opportunity.accountName}
      </p>
      {message ? <div className="alert error" role="alert">{message}</div> : null}
      <fieldset>
        <legend>Credit to fix</legend>
        <label className="row"><input type="radio" name="role" value="csm" checked={role === "csm"} onChange={() => chooseRole("csm")} /> CSM</label>
        <label className="row"><input type="radio" name="role" value="primary_sa" checked={role === "primary_sa"} onChange={() => chooseRole("primary_sa")} /> Primary SA</label>
      </fieldset>
      <p className="comp-sub" style={{ margin: 0 }}>
        Now: {current ? current.name : "nobody"}.
        {role === "primary_sa" && row.primarySa ? " The current primary SA stays on as a supporting SA." : ""}
        {role === "csm" ? " The new CSM is pinned as an override." : ""}
      </p>
      <PersonPicker id={`${prefix}-person`} label={role === "csm" ? "New CSM" : "New primary SA"} people={people}
        value={userId} onChange={setUserId} error={errors.userId} />
      <Field id={`${prefix}-reason`} label="Reason (required)" error={errors.reason} hint="Kept in the audit trail with the change.">
        <textarea id={`${prefix}-reason`} name="reason" required minLength={3} maxLength={500} value={reason}
          onChange={(event) => setReason(event.currentTarget.value)} {...invalidProps(`${prefix}-reason`, errors.reason)} />
      </Field>
      <div className="comp-dialog-actions">
        <button type="button" className="btn" onClick={close}>Cancel</button>
        <button type="submit" className="btn primary" disabled={pending}>{pending ? "Saving…" : "Fix credit"}</button>
      </div>
    </form>
  );
}
