"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import "@/components/accounts/accounts.css";
import { type PickedUser, UserPicker } from "@/components/accounts/user-picker.tsx";
import { DialogButton } from "@/components/ui/dialog-button.tsx";
import { ReasonField } from "@/components/ui/reason-field.tsx";
import { deactivateUserAction } from "@/lib/actions/users.ts";
import type { UserBook } from "@/lib/domain/users/deactivate-user.ts";

const accountsText = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "account" : "accounts"}`;

/**
 * "Deactivate…" for someone who holds roles: their book, role by role, and who takes each part
 * over, in the same dialog. A role left without a taker stays with them and shows as a gap.
 */
export function DeactivateDialog({ userId, name, book }: { userId: string; name: string; book: UserBook }) {
  return (
    <DialogButton label={`Deactivate ${name}…`} title={`Deactivate ${name}`} className="btn danger"
      dialogClassName="acc-dialog" bodyClassName="acc-dialog-body">
      {(close) => <DeactivateForm userId={userId} name={name} book={book} close={close} />}
    </DialogButton>
  );
}

function DeactivateForm({ userId, name, book, close }: { userId: string; name: string; book: UserBook; close: () => void }) {
  const router = useRouter();
  const formId = useId();
  const [takers, setTakers] = useState<Record<string, PickedUser | null>>({});
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const left = book.filter((part) => !takers[part.roleKey]);

  function deactivate() {
    const transfers = book.flatMap((part) => (takers[part.roleKey] ? [{ roleKey: part.roleKey, toUserId: takers[part.roleKey]!.id }] : []));
    startTransition(async () => {
      const result = await deactivateUserAction({ id: userId, transfers, reason });
      if (!result.ok) return setError(result.error.message);
      close();
      router.refresh();
    });
  }

  return (
    <>
      {book.length === 0 ? <p style={{ margin: 0 }}>{name} holds no roles on any account.</p> : (
        <>
          <p style={{ margin: 0 }}>{name} covers these accounts. Choose who takes each part over; it moves with its open opportunities when you deactivate.</p>
          {book.map((part) => (
            <fieldset key={part.roleKey} className="stack" style={{ border: "1px solid var(--line)", borderRadius: 8, padding: 10 }}>
              <legend><strong>{part.label}</strong> · {accountsText(part.accounts)}</legend>
              <details>
                <summary>Show the accounts</summary>
                <ul className="acc-move-list">
                  {part.names.map((account) => <li key={account}>{account}</li>)}
                  {part.accounts > part.names.length ? <li className="muted">and {part.accounts - part.names.length} more</li> : null}
                </ul>
              </details>
              <UserPicker id={`${formId}-${part.roleKey}`} roleKey={part.roleKey} label={`New ${part.label}`} exclude={userId}
                selected={takers[part.roleKey] ?? null} onSelect={(user) => setTakers((current) => ({ ...current, [part.roleKey]: user }))} />
            </fieldset>
          ))}
          <ReasonField id={`${formId}-reason`} value={reason} onChange={setReason} />
          {left.length ? (
            <p className="alert info" style={{ margin: 0 }}>
              Without a taker, {left.map((part) => `${accountsText(part.accounts)} as ${part.label}`).join(" and ")} stay with {name} and show as gaps.
            </p>
          ) : null}
        </>
      )}
      {error ? <div className="alert error" role="alert">{error}</div> : null}
      <div className="row acc-dialog-actions">
        <button type="button" className="btn danger" onClick={deactivate} disabled={pending}>
          {pending ? "Deactivating…" : left.length < book.length ? "Transfer and deactivate" : "Deactivate"}
        </button>
        <button type="button" className="btn" onClick={close} disabled={pending}>Cancel</button>
      </div>
    </>
  );
}
