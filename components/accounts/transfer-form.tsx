"use client";

import "./accounts.css";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import { transferBookAction } from "@/lib/actions/transfers.ts";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import { ReasonField } from "@/components/ui/reason-field.tsx";
import type { RoleHolder } from "@/lib/domain/accounts/role-holders.ts";
import type { TransferBookResult } from "@/lib/domain/transfers/schemas.ts";
import { plural, roleName, type RoleOption } from "./format.ts";
import { type PickedUser, UserPicker } from "./user-picker.tsx";
import { MovePreviewPanel } from "./move-preview-panel.tsx";

type Choice = { roleKey: string; fromUserId: string; toUserId: string; segment: string; region: string; includeOverridden: boolean };
type Outcome = { choice: Choice; result: TransferBookResult };

/** Choices a link filled in (checked on the server), what it could not, and whether to preview at once. */
export type TransferPrefill = {
  roleKey?: string; fromUserId?: string; to?: PickedUser; segment: string; region: string;
  problems: string[];
  /** Every choice the link made holds: count what would move straight away (a dry run, nothing changes). */
  autoPreview: boolean;
};

const sameChoice = (a: Choice, b: Choice) => JSON.stringify(a) === JSON.stringify(b);

function Counts({ result, role, dryRun }: { result: TransferBookResult; role: RoleOption; dryRun: boolean }) {
  const direct = result.accounts - result.cascadedAccounts;
  return (
    <ul className="acc-counts">
      <li><strong>{plural(result.accounts, "account")}</strong> {dryRun ? "move" : "moved"}{result.cascadedAccounts ? ` (${direct} held directly, ${result.cascadedAccounts} child ${result.cascadedAccounts === 1 ? "account follows" : "accounts follow"})` : ""}</li>
      {role.key === "csm" ? (
        <>
          <li><strong>{plural(result.opportunities, "open opportunity", "open opportunities")}</strong> {dryRun ? "stamped with the new CSM" : "stamped"}</li>
          <li><strong>{plural(result.skippedOverridden, "overridden opportunity", "overridden opportunities")}</strong> {dryRun ? "keep their CSM" : "kept their CSM"}</li>
        </>
      ) : (
        <li>No opportunity changes: only the CSM role stamps open opportunities.</li>
      )}
    </ul>
  );
}

export function TransferForm({ roles, holders, segments, regions, initial = null }: {
  roles: RoleOption[];
  holders: Record<string, RoleHolder[]>;
  segments: string[];
  regions: string[];
  /** From a link, e.g. a rebalancing suggestion on the workload page. */
  initial?: TransferPrefill | null;
}) {
  const router = useRouter();
  const [choice, setChoice] = useState<Choice>(() => ({
    roleKey: initial?.roleKey ?? roles[0]?.key ?? "csm", fromUserId: initial?.fromUserId ?? "", toUserId: initial?.to?.id ?? "",
    segment: initial?.segment ?? "", region: initial?.region ?? "", includeOverridden: false,
  }));
  const [to, setTo] = useState<PickedUser | null>(initial?.to ?? null);
  // The link's note stays until a transfer is done; the next one is the user's own.
  const [linked, setLinked] = useState(initial);
  const [preview, setPreview] = useState<Outcome | null>(null);
  const [done, setDone] = useState<Outcome & { toName: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  // Not part of the choice: editing the reason does not make the preview stale.
  const [reason, setReason] = useState("");
  const [pending, startTransition] = useTransition();
  const role = roles.find((candidate) => candidate.key === choice.roleKey) ?? roles[0];
  const fromOptions = holders[choice.roleKey] ?? [];
  const update = (patch: Partial<Choice>) => {
    setChoice((current) => ({ ...current, ...patch }));
    setErrors({});
    setMessage(undefined);
  };
  const previewCurrent = preview !== null && sameChoice(preview.choice, choice);

  function run(dryRun: boolean) {
    const missing: Record<string, string> = {};
    if (!choice.fromUserId) missing.fromUserId = "Pick whose book to move.";
    if (!choice.toUserId) missing.toUserId = "Pick who takes it over.";
    if (Object.keys(missing).length) return setErrors(missing);
    const snapshot = choice;
    startTransition(async () => {
      const result = await transferBookAction({
        roleKey: snapshot.roleKey, fromUserId: snapshot.fromUserId, toUserId: snapshot.toUserId,
        segment: snapshot.segment || undefined, region: snapshot.region || undefined,
        includeOverridden: snapshot.includeOverridden, dryRun, reason: dryRun ? undefined : reason,
      });
      if (!result.ok) {
        const fields = { ...(result.error.fields ?? {}) };
        if (result.error.code === "ineligible_assignee") fields.toUserId = result.error.message;
        setErrors(fields);
        setMessage(Object.keys(fields).length ? undefined : result.error.message);
        return;
      }
      if (dryRun) setPreview({ choice: snapshot, result: result.data });
      else {
        setDone({ choice: snapshot, result: result.data, toName: to?.name ?? "the new holder" });
        setPreview(null);
        setLinked(null);
        // Off the link's address too, so a reload does not fill in a book that has already moved.
        if (linked) router.replace("/transfers", { scroll: false });
        else router.refresh();
      }
    });
  }

  // Once per visit (not again on a re-render or React's development double mount): the dry run
  // only counts, and Transfer stays a separate, deliberate step.
  const autoPreviewed = useRef(false);
  useEffect(() => {
    if (!initial?.autoPreview || autoPreviewed.current) return;
    autoPreviewed.current = true;
    run(true);
  }, []);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    run(!previewCurrent);
  }

  if (done) {
    const filter = done.choice.roleKey === "csm" ? `csmId=${done.choice.toUserId}` : done.choice.roleKey === "sa" ? `saId=${done.choice.toUserId}` : `roleKey=${done.choice.roleKey}&holderId=${done.choice.toUserId}`;
    return (
      <div className="stack" role="status">
        <div className="alert ok">
          <p style={{ margin: "0 0 6px" }}><strong>Transferred to {done.toName}.</strong></p>
          <Counts result={done.result} role={roles.find((r) => r.key === done.choice.roleKey) ?? role} dryRun={false} />
          <p style={{ margin: "6px 0 0" }}>Recorded as one change: batch <code>{done.result.batchId}</code>. It can be undone from any of its accounts&apos; history for 24 hours.</p>
        </div>
        <div className="row">
          <Link className="btn primary" href={`/accounts?${filter}`}>See {done.toName}&apos;s accounts</Link>
          <button type="button" className="btn" onClick={() => { setDone(null); setChoice((c) => ({ ...c, fromUserId: "", toUserId: "" })); setTo(null); }}>
            Transfer another book
          </button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-busy={pending || undefined}>
      {linked ? (
        <div className="alert info">
          <p style={{ margin: 0 }}>
            Filled in from the link you followed. Check the choices{linked.autoPreview ? " and the preview" : ""}: nothing changes until you
            press Transfer.
          </p>
          {linked.problems.length ? (
            <ul style={{ margin: "6px 0 0", paddingLeft: 18 }}>
              {linked.problems.map((problem) => <li key={problem}>{problem}</li>)}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div className="form-grid">
        <Field id="t-role" label="Role" error={errors.roleKey}>
          <select id="t-role" value={choice.roleKey} onChange={(event) => { update({ roleKey: event.currentTarget.value, fromUserId: "", toUserId: "" }); setTo(null); }} {...invalidProps("t-role", errors.roleKey)}>
            {roles.map((option) => <option key={option.key} value={option.key}>{option.label}</option>)}
          </select>
        </Field>
        <Field id="t-from" label="From" error={errors.fromUserId} hint="Everyone who holds this role now, including people who have left">
          <select id="t-from" value={choice.fromUserId} onChange={(event) => update({ fromUserId: event.currentTarget.value })} {...invalidProps("t-from", errors.fromUserId)}>
            <option value="">Choose a person</option>
            {fromOptions.map((holder) => (
              <option key={holder.id} value={holder.id}>{holder.name}{holder.active ? "" : " (inactive)"} · {plural(holder.accounts, "account")}</option>
            ))}
          </select>
        </Field>
        <UserPicker
          key={choice.roleKey}
          id="t-to"
          roleKey={choice.roleKey}
          label="To"
          selected={to}
          exclude={choice.fromUserId}
          error={errors.toUserId}
          onSelect={(user) => { setTo(user); update({ toUserId: user?.id ?? "" }); }}
        />
      </div>
      <div className="form-grid">
        <Field id="t-segment" label="Only segment">
          <select id="t-segment" value={choice.segment} onChange={(event) => update({ segment: event.currentTarget.value })}>
            <option value="">All segments</option>
            {segments.map((segment) => <option key={segment} value={segment}>{segment}</option>)}
          </select>
        </Field>
        <Field id="t-region" label="Only region">
          <select id="t-region" value={choice.region} onChange={(event) => update({ region: event.currentTarget.value })}>
            <option value="">All regions</option>
            {regions.map((region) => <option key={region} value={region}>{region}</option>)}
          </select>
        </Field>
      </div>
      {role?.key === "csm" ? (
        <label className="row acc-check">
          <input type="checkbox" checked={choice.includeOverridden} onChange={(event) => update({ includeOverridden: event.currentTarget.checked })} />
          Also replace overridden CSMs on open opportunities (clears their override)
        </label>
      ) : null}
      <ReasonField id="t-reason" value={reason} onChange={setReason} />
      {message ? <div className="alert error" role="alert">{message}</div> : null}
      <div role="status" aria-live="polite">
        {previewCurrent && preview ? (
          <div className="alert info acc-preview">
            <p style={{ margin: "0 0 6px" }}><strong>Preview</strong> — nothing has changed yet. Transferring {roleName(role)} to {to?.name}:</p>
            <Counts result={preview.result} role={role} dryRun />
            {preview.result.preview ? <MovePreviewPanel preview={preview.result.preview} roleLabel={roleName(role)} /> : null}
          </div>
        ) : preview ? (
          <p className="muted">The choices changed since the preview; preview again before transferring.</p>
        ) : pending ? (
          <p className="muted">Counting what would move…</p>
        ) : null}
      </div>
      <div className="row">
        <button type="button" className={previewCurrent ? "btn" : "btn primary"} onClick={() => run(true)} disabled={pending}>
          {pending && !previewCurrent ? "Counting…" : "Preview"}
        </button>
        <button type="button" className="btn primary" onClick={() => run(false)} disabled={pending || !previewCurrent || preview?.result.accounts === 0}>
          {pending && previewCurrent ? "Transferring…" : "Transfer"}
        </button>
        {previewCurrent && preview?.result.accounts === 0 ? <span className="muted">Nothing to transfer with these choices.</span> : null}
      </div>
    </form>
  );
}
