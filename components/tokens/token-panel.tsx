"use client";
import { formatDateTime } from "@/lib/format/format.ts";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Field } from "@/components/ui/field.tsx";
import type { ActionResult } from "@/lib/auth/action.ts";
import type { TokenView } from "@/lib/domain/users/schemas.ts";

type Issued = { token: string; prefix: string };
type Props = {
  userId: string;
  tokens: TokenView[];
  /** Present when the viewer may issue tokens (admins); "My tokens" for others only lists and revokes. */
  issue?: (input: { userId: string; name?: string; expiresInDays?: number }) => Promise<ActionResult<Issued>>;
  revoke: (input: { userId: string; tokenId: string }) => Promise<ActionResult<TokenView>>;
};

const when = (iso: string | null) => formatDateTime(iso);

function status(token: TokenView): { label: string; kind: string } {
  if (token.revokedAt) return { label: "Revoked", kind: "" };
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) return { label: "Expired", kind: "warn" };
  return { label: "Active", kind: "ok" };
}

/** A person's API tokens: when each was last used, when it expires, revoke; and, for admins, a new one shown once. */
export function TokenPanel({ userId, tokens, issue, revoke }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [issued, setIssued] = useState<Issued>();
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string }>();

  function onIssue(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!issue) return;
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const days = String(form.get("expiresInDays") ?? "");
    startTransition(async () => {
      const result = await issue({ userId, name: String(form.get("name") ?? "").trim() || undefined, expiresInDays: days ? Number(days) : undefined });
      if (result.ok) {
        setIssued(result.data);
        setMessage(undefined);
        formElement.reset();
        router.refresh();
      } else {
        setMessage({ kind: "error", text: result.error.message });
      }
    });
  }

  function onRevoke(token: TokenView) {
    startTransition(async () => {
      const result = await revoke({ userId, tokenId: token.id });
      setMessage(result.ok ? { kind: "ok", text: `Revoked ${token.prefix}. It no longer works.` } : { kind: "error", text: result.error.message });
      router.refresh();
    });
  }

  return (
    <div className="stack">
      {message ? <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>{message.text}</div> : null}
      {issued ? (
        <div className="alert ok" role="status">
          <p style={{ margin: "0 0 6px" }}>New token {issued.prefix}. Copy it now: it is shown only this once.</p>
          <code data-testid="new-token" style={{ wordBreak: "break-all" }}>{issued.token}</code>
        </div>
      ) : null}
      {issue ? (
        <form onSubmit={onIssue} className="row" style={{ alignItems: "flex-end", flexWrap: "wrap" }} aria-label="New token">
          <Field id="token-name" label="Name (optional)">
            <input id="token-name" name="name" maxLength={100} placeholder="e.g. Salesforce sync" />
          </Field>
          <Field id="token-expiry" label="Expires">
            <select id="token-expiry" name="expiresInDays" defaultValue="90">
              <option value="30">in 30 days</option>
              <option value="90">in 90 days</option>
              <option value="365">in a year</option>
              <option value="">never (until revoked)</option>
            </select>
          </Field>
          <button className="btn primary" type="submit" disabled={pending}>{pending ? "Creating…" : "Create token"}</button>
        </form>
      ) : null}
      {tokens.length === 0 ? (
        <div className="empty">No API tokens.</div>
      ) : (
        <table className="data" aria-label="API tokens">
          <thead>
            <tr><th>Token</th><th>Name</th><th>Created</th><th>Last used</th><th>Expires</th><th>Status</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {tokens.map((token) => {
              const state = status(token);
              return (
                <tr key={token.id}>
                  <td><code>{token.prefix}</code></td>
                  <td>{token.name ?? "—"}</td>
                  <td>{when(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? when(token.lastUsedAt) : "Never"}</td>
                  <td>{token.expiresAt ? when(token.expiresAt) : "Never"}</td>
                  <td><span className={`badge ${state.kind}`}>{state.label}</span></td>
                  <td>
                    {state.label === "Active" ? (
                      <button type="button" className="btn danger" disabled={pending} onClick={() => onRevoke(token)} aria-label={`Revoke ${token.prefix}`}>Revoke</button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
