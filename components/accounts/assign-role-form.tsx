"use client";

import { useEffect, useId, useState, useTransition, type FormEvent } from "react";
import { assignmentImpactAction, assignRoleAction, bulkAssignRoleAction } from "@/lib/actions/accounts.ts";
import type { AssignmentImpact } from "@/lib/domain/accounts/assignment-impact.ts";
import { plural, roleName, type RoleOption } from "./format.ts";
import { type PickedUser, UserPicker } from "./user-picker.tsx";
import { MovePreviewPanel } from "./move-preview-panel.tsx";
import { ReasonField } from "@/components/ui/reason-field.tsx";

type Props = {
  accountIds: string[];
  role: RoleOption;
  /** "remove" clears the role; "assign" picks someone (several accounts at once when `bulk`). */
  mode: "assign" | "remove";
  bulk?: boolean;
  current?: { id: string | null; name: string } | null;
  onDone: (message: string) => void;
  onCancel: () => void;
};

function impactText(impact: AssignmentImpact, includeOverridden: boolean, clearing: boolean, bulk: boolean): string {
  const parts: string[] = [];
  if (bulk) parts.push(`${plural(impact.accounts, "selected account")} will change.`);
  const stamped = impact.opportunities + (includeOverridden ? impact.overridden : 0);
  const verb = clearing ? `Will clear the CSM on ${plural(stamped, "open opportunity", "open opportunities")}` : `Will stamp ${plural(stamped, "open opportunity", "open opportunities")}`;
  if (stamped === 0 && impact.overridden === 0) parts.push("No open opportunities to stamp.");
  else if (includeOverridden && impact.overridden > 0) parts.push(`${verb}, including ${impact.overridden} with an override.`);
  else parts.push(`${verb}${impact.overridden > 0 ? `; ${impact.overridden} with an override stay` : ""}.`);
  if (impact.cascadedAccounts > 0) parts.push(`${plural(impact.cascadedAccounts, "child account")} that inherit the CSM follow.`);
  return parts.join(" ");
}

function doneText(name: string, role: string, clearing: boolean, result: { accounts?: number; opportunities: number; skippedOverridden: number; cascaded: number }) {
  const parts = [clearing ? `Removed ${name} as ${role}.` : result.accounts !== undefined ? `${name} is now ${role} on the selected accounts (${plural(result.accounts, "account")} changed).` : `${name} is now ${role}.`];
  if (result.opportunities) parts.push(`Stamped ${plural(result.opportunities, "open opportunity", "open opportunities")}.`);
  if (result.skippedOverridden) parts.push(`${plural(result.skippedOverridden, "overridden opportunity", "overridden opportunities")} kept their CSM.`);
  if (result.cascaded) parts.push(`${plural(result.cascaded, "child account")} followed.`);
  return parts.join(" ");
}

/** The body of the assign / remove dialog: who, what it will do, confirm. */
export function AssignRoleForm({ accountIds, role, mode, bulk = false, current, onDone, onCancel }: Props) {
  const formId = useId();
  const clearing = mode === "remove";
  const [user, setUser] = useState<PickedUser | null>(null);
  const [includeOverridden, setIncludeOverridden] = useState(false);
  const [reason, setReason] = useState("");
  const [impact, setImpact] = useState<AssignmentImpact | "loading" | null>(null);
  const [errors, setErrors] = useState<{ message?: string; userId?: string }>({});
  const [pending, startTransition] = useTransition();
  const stamps = role.key === "csm";
  const label = roleName(role);
  const targetId = clearing ? null : (user?.id ?? undefined);
  const accountKey = accountIds.join(",");

  // Read the impact whenever the choice changes; an older answer never replaces a newer one.
  useEffect(() => {
    if (targetId === undefined) return setImpact(null);
    let live = true;
    setImpact("loading");
    assignmentImpactAction({ accountIds: accountKey.split(","), roleKey: role.key, userId: targetId }).then((result) => {
      if (live) setImpact(result.ok ? result.data : null);
    });
    return () => {
      live = false;
    };
  }, [targetId, stamps, bulk, accountKey, role.key]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!clearing && !user) return setErrors({ userId: "Pick someone first." });
    const name = clearing ? (current?.name ?? "the holder") : user!.name;
    startTransition(async () => {
      const result = bulk
        ? await bulkAssignRoleAction({ accountIds, roleKey: role.key, userId: user!.id, includeOverridden, reason })
        : await assignRoleAction({ accountId: accountIds[0], roleKey: role.key, userId: targetId ?? null, includeOverridden, reason });
      if (!result.ok) {
        const fields = result.error.fields ?? {};
        return setErrors({ userId: fields.userId, message: fields.userId ? undefined : result.error.message });
      }
      const data = "batchId" in result.data
        ? { accounts: result.data.accounts, opportunities: result.data.opportunities, skippedOverridden: result.data.skippedOverridden, cascaded: result.data.cascadedAccounts }
        : { opportunities: result.data.stamped.opportunities, skippedOverridden: result.data.stamped.skippedOverridden, cascaded: result.data.cascaded.accounts };
      onDone(doneText(name, label, clearing, data));
    });
  }

  const ready = clearing || user !== null;
  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-busy={pending || undefined}>
      {clearing ? (
        <p>Remove <strong>{current?.name}</strong> as {label}{bulk ? "" : " of this account"}?</p>
      ) : (
        <>
          {current ? <p className="muted" style={{ margin: 0 }}>Now: {current.name}</p> : null}
          <UserPicker
            id={`${formId}-user`}
            roleKey={role.key}
            label={`New ${label}`}
            selected={user}
            exclude={current?.id}
            autoFocus
            error={errors.userId}
            onSelect={(next) => {
              setUser(next);
              setErrors({});
            }}
          />
        </>
      )}
      {ready && (stamps || bulk) ? (
        <div className="alert info acc-impact" role="status" aria-live="polite">
          {impact === "loading" ? "Counting the open opportunities…" : impact ? impactText(impact, includeOverridden, clearing, bulk) : "The impact could not be read; the change reports what it did."}
        </div>
      ) : null}
      {ready && impact && impact !== "loading" ? <MovePreviewPanel preview={impact.preview} roleLabel={label} /> : null}
      {ready && role.stamping === "new_opportunities" && !clearing ? (
        <p className="muted" style={{ margin: 0 }}>The {label} is copied onto new opportunities; existing ones keep theirs.</p>
      ) : null}
      {stamps && ready && impact && impact !== "loading" && impact.overridden > 0 ? (
        <label className="row acc-check">
          <input type="checkbox" checked={includeOverridden} onChange={(event) => setIncludeOverridden(event.currentTarget.checked)} />
          Also replace overridden CSMs (clears their override)
        </label>
      ) : null}
      {ready ? <ReasonField id={`${formId}-reason`} value={reason} onChange={setReason} /> : null}
      {errors.message ? <div className="alert error" role="alert">{errors.message}</div> : null}
      <div className="row acc-dialog-actions">
        <button type="submit" className={clearing ? "btn danger" : "btn primary"} disabled={pending}>
          {pending ? "Saving…" : clearing ? `Remove ${current?.name ?? ""}`.trim() : user ? `Assign ${user.name}` : `Assign ${label}`}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={pending}>Cancel</button>
      </div>
    </form>
  );
}
