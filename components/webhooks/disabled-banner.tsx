import Link from "next/link";
import type { Actor } from "@/lib/auth/actor.ts";
import { can } from "@/lib/auth/permissions.ts";
import { autoDisabledWebhooks } from "@/lib/domain/webhooks/queries.ts";

/** Tells admins, on every page, that the system switched a webhook endpoint off. */
export async function WebhooksDisabledBanner({ actor }: { actor: Actor }) {
  if (!can(actor.profile, "webhooks.manage")) return null;
  const disabled = await autoDisabledWebhooks(actor);
  if (disabled.length === 0) return null;
  return (
    <div className="alert error" role="alert" style={{ marginBottom: 12 }}>
      {disabled.length === 1 ? "A webhook endpoint was" : `${disabled.length} webhook endpoints were`} disabled automatically:{" "}
      {disabled.slice(0, 3).map((item, index) => (
        <span key={item.id}>{index ? ", " : ""}<Link href={`/admin/webhooks/${item.id}`}>{item.url}</Link> ({item.reason})</span>
      ))}
    </div>
  );
}
