import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { listWebhooks } from "@/lib/domain/webhooks/queries.ts";
import { WebhookForm } from "@/components/webhooks/webhook-form.tsx";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const actor = await requirePermission("webhooks.manage");
  const { items } = await listWebhooks(actor);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Webhooks</h1>
          <p className="muted" style={{ margin: 0 }}>
            Every change is POSTed to these endpoints as it commits, signed (Standard Webhooks), in order per account, retried for a day.
          </p>
        </div>
      </div>
      <section className="panel" aria-label="Endpoints" style={{ padding: 0, overflow: "auto" }}>
        {items.length === 0 ? (
          <div className="empty">No endpoints yet. Add the first one below.</div>
        ) : (
          <table className="data">
            <thead><tr><th>URL</th><th>Events</th><th>Status</th><th>Description</th></tr></thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td><Link href={`/admin/webhooks/${item.id}`}>{item.url}</Link></td>
                  <td>{item.eventTypes.length ? item.eventTypes.join(", ") : <span className="muted">every event</span>}</td>
                  <td>
                    {item.active ? <span className="badge ok">Active</span> : <span className="badge danger">Disabled</span>}
                    {item.disabledReason ? <div className="muted">{item.disabledReason}</div> : null}
                  </td>
                  <td>{item.description ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="new-webhook">
        <h2 id="new-webhook">Add endpoint</h2>
        <WebhookForm />
      </section>
    </div>
  );
}
