import type { Metadata } from "next";
import { formatDateTime } from "@/lib/format/format.ts";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { getWebhook, listDeliveries } from "@/lib/domain/webhooks/queries.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { EndpointActions, RetryButton } from "@/components/webhooks/endpoint-actions.tsx";

export const metadata: Metadata = { title: "Webhook" };

const STATUS: Record<string, string> = { pending: "badge warn", delivered: "badge ok", failed: "badge danger" };
const when = (iso: string | null) => (iso ? formatDateTime(iso) : "");

export default async function WebhookPage({ params, searchParams }: {
  params: Promise<{ id: string }>; searchParams: Promise<{ cursor?: string }>;
}) {
  const actor = await requirePermission("webhooks.manage");
  const { id } = await params;
  const { cursor } = await searchParams;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const endpoint = await getWebhook(actor, id).catch((error) => {
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  });
  const log = await listDeliveries(actor, id, { limit: 50, cursor: cursor && /^\d+$/.test(cursor) ? cursor : undefined });
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="muted" style={{ margin: 0 }}><Link href="/admin/webhooks">Webhooks</Link></p>
          <h1 style={{ wordBreak: "break-all" }}>{endpoint.url}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {endpoint.active ? <span className="badge ok">Active</span> : <span className="badge danger">Disabled</span>}{" "}
            {endpoint.eventTypes.length ? endpoint.eventTypes.join(", ") : "every event"}
            {endpoint.description ? ` · ${endpoint.description}` : ""}
            {endpoint.previousSecretValidUntil ? ` · previous secret valid until ${when(endpoint.previousSecretValidUntil)}` : ""}
          </p>
        </div>
      </div>
      {endpoint.disabledReason ? <div className="alert error" role="alert">Disabled automatically: {endpoint.disabledReason} Enable it to resume; what it missed is sent in order.</div> : null}
      <section className="panel"><EndpointActions id={endpoint.id} active={endpoint.active} /></section>
      <section className="panel" aria-label="Deliveries" style={{ padding: 0, overflow: "auto" }}>
        <h2 style={{ padding: "12px 16px 0" }}>Deliveries</h2>
        {log.items.length === 0 ? (
          <div className="empty">No deliveries yet. Changes made from now on appear here.</div>
        ) : (
          <table className="data">
            <thead>
              <tr><th>Event</th><th>Change</th><th>Status</th><th>Attempts</th><th>Last response</th><th>Latency</th><th>Next attempt</th><th>Delivered</th><th></th></tr>
            </thead>
            <tbody>
              {log.items.map((item) => (
                <tr key={item.id} data-testid="delivery-row">
                  <td>{item.type}</td>
                  <td>{item.changeId ?? "test"}</td>
                  <td><span className={STATUS[item.status]}>{item.status}</span></td>
                  <td>{item.attempts}</td>
                  <td>{item.lastStatusCode ?? ""}{item.lastError && item.lastStatusCode === null ? <span className="muted">{item.lastError}</span> : null}</td>
                  <td>{item.latencyMs === null ? "" : `${item.latencyMs} ms`}</td>
                  <td>{when(item.nextAttemptAt)}</td>
                  <td>{when(item.deliveredAt)}</td>
                  <td><RetryButton id={endpoint.id} deliveryId={item.id} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {log.nextCursor ? <div style={{ padding: 12 }}><Link href={`/admin/webhooks/${id}?cursor=${log.nextCursor}`}>Older deliveries</Link></div> : null}
      </section>
    </div>
  );
}
