import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { notFound } from "@/lib/errors/domain-error.ts";

/** Removes an endpoint with its delivery log. */
export async function deleteWebhook({ actor }: ActorContext, id: string): Promise<{ deleted: true }> {
  authorize(actor, "webhooks.manage");
  const { count } = await db.webhookEndpoint.deleteMany({ where: { id } });
  if (count === 0) throw notFound("Webhook");
  return { deleted: true };
}
