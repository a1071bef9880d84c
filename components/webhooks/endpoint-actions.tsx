"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import {
  deleteWebhookAction, retryDeliveryAction, rotateWebhookSecretAction, sendTestEventAction, updateWebhookAction,
} from "@/lib/actions/webhooks.ts";
import { SecretOnce } from "./secret-once.tsx";

/** Enable/disable, rotate the secret, send a test event, delete. */
export function EndpointActions({ id, active }: { id: string; active: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string }>();
  const [secret, setSecret] = useState<string>();

  const run = (work: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>, done: string) =>
    startTransition(async () => {
      const result = await work();
      setMessage(result.ok ? { kind: "ok", text: done } : { kind: "error", text: result.error.message });
      router.refresh();
    });

  return (
    <div className="stack">
      {message ? <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>{message.text}</div> : null}
      {secret ? <SecretOnce secret={secret} what="Secret rotated; the previous one keeps signing for 24 hours." /> : null}
      <div className="row">
        <button className="btn" type="button" disabled={pending}
          onClick={() => run(() => updateWebhookAction({ id, active: !active }), active ? "Disabled." : "Enabled.")}>
          {active ? "Disable" : "Enable"}
        </button>
        <button className="btn" type="button" disabled={pending} onClick={() => run(() => sendTestEventAction({ id }), "Test event queued.")}>
          Send test event
        </button>
        <button className="btn" type="button" disabled={pending}
          onClick={() => startTransition(async () => {
            const result = await rotateWebhookSecretAction({ id });
            if (result.ok) { setSecret(result.data.secret); setMessage(undefined); } else setMessage({ kind: "error", text: result.error.message });
            router.refresh();
          })}>
          Rotate secret
        </button>
        <button className="btn danger" type="button" disabled={pending}
          onClick={() => {
            if (!window.confirm("Delete this endpoint and its delivery log?")) return;
            startTransition(async () => {
              const result = await deleteWebhookAction({ id });
              if (result.ok) router.push("/admin/webhooks");
              else setMessage({ kind: "error", text: result.error.message });
            });
          }}>
          Delete
        </button>
      </div>
    </div>
  );
}

export function RetryButton({ id, deliveryId }: { id: string; deliveryId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <button className="btn" type="button" disabled={pending}
      onClick={() => startTransition(async () => { await retryDeliveryAction({ id, deliveryId }); router.refresh(); })}>
      {pending ? "Queued…" : "Retry"}
    </button>
  );
}

