import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import { schedulePump } from "./pump.ts";

/**
 * Queues a `webhook.test` message to one endpoint, signed and logged like any delivery. It is its
 * own line (no account), so it neither waits for nor holds up real changes.
 */
export async function sendTestEvent({ actor }: ActorContext, endpointId: string): Promise<{ id: string }> {
  authorize(actor, "webhooks.manage");
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { id: true } });
  if (!endpoint) throw notFound("Webhook");
  const messageId = `test_${randomUUID()}`;
  const payload = { id: messageId, type: "webhook.test", timestamp: new Date().toISOString(), data: { message: "A test event from Roster.", sentBy: actor.email } };
  const row = await db.webhookDelivery.create({
    data: { endpointId, type: "webhook.test", orderKey: messageId, payload },
    select: { id: true },
  });
  await schedulePump();
  return { id: row.id.toString() };
}
