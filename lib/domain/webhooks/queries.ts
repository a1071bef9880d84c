import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import type { WebhookDelivery, WebhookEndpoint } from "@/lib/db/generated/client.ts";
import type { DeliveryView, ListDeliveriesQuery, WebhookView } from "./schemas.ts";

export const toWebhookView = (row: WebhookEndpoint): WebhookView => ({
  id: row.id,
  url: row.url,
  eventTypes: row.eventTypes,
  description: row.description,
  active: row.active,
  disabledReason: row.disabledReason,
  disabledAt: row.disabledAt?.toISOString() ?? null,
  previousSecretValidUntil: row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date() ? row.previousSecretExpiresAt.toISOString() : null,
  createdAt: row.createdAt.toISOString(),
});

const toDeliveryView = (row: WebhookDelivery): DeliveryView => ({
  id: row.id.toString(),
  changeId: row.changeId?.toString() ?? null,
  type: row.type,
  status: row.status as DeliveryView["status"],
  attempts: row.attempts,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  latencyMs: row.latencyMs,
  nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

export async function listWebhooks(actor: Actor): Promise<{ items: WebhookView[] }> {
  authorize(actor, "webhooks.manage");
  const rows = await db.webhookEndpoint.findMany({ orderBy: { createdAt: "asc" } });
  return { items: rows.map(toWebhookView) };
}

export async function getWebhook(actor: Actor, id: string): Promise<WebhookView> {
  authorize(actor, "webhooks.manage");
  const row = await db.webhookEndpoint.findUnique({ where: { id } });
  if (!row) throw notFound("Webhook");
  return toWebhookView(row);
}

/** An endpoint's delivery log, newest first, in keyset pages on the delivery id. */
export async function listDeliveries(actor: Actor, endpointId: string, query: ListDeliveriesQuery): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
  await getWebhook(actor, endpointId);
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId, status: query.status, ...(query.cursor ? { id: { lt: BigInt(query.cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return { items: page.map(toDeliveryView), nextCursor: rows.length > query.limit ? page.at(-1)!.id.toString() : null };
}

/** Endpoints the system switched off (410, or a day of failures): admins see a banner. */
export async function autoDisabledWebhooks(actor: Actor): Promise<{ id: string; url: string; reason: string }[]> {
  authorize(actor, "webhooks.manage");
  const rows = await db.webhookEndpoint.findMany({ where: { active: false, disabledReason: { not: null } }, orderBy: { disabledAt: "desc" } });
  return rows.map((row) => ({ id: row.id, url: row.url, reason: row.disabledReason! }));
}
