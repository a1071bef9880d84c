import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import { assertWebhookUrl } from "./address-guard.ts";
import { schedulePump } from "./pump.ts";
import { toWebhookView } from "./queries.ts";
import type { UpdateWebhookInput, WebhookView } from "./schemas.ts";

/**
 * Changes an endpoint. Enabling it again clears why it was disabled; it then receives what it
 * missed meanwhile, in order (its feed position stayed where it stopped).
 */
export async function updateWebhook({ actor }: ActorContext, id: string, input: UpdateWebhookInput): Promise<WebhookView> {
  authorize(actor, "webhooks.manage");
  const url = input.url === undefined ? undefined : (await assertWebhookUrl(input.url)).toString();
  const existing = await db.webhookEndpoint.findUnique({ where: { id }, select: { id: true } });
  if (!existing) throw notFound("Webhook");
  const row = await db.webhookEndpoint.update({
    where: { id },
    data: {
      url,
      eventTypes: input.eventTypes ? [...new Set(input.eventTypes)] : undefined,
      description: input.description === undefined ? undefined : input.description || null,
      ...(input.active === undefined ? {} : input.active
        ? { active: true, disabledReason: null, disabledAt: null }
        : { active: false, disabledReason: null, disabledAt: new Date() }),
      updatedAt: new Date(),
    },
  });
  if (row.active) await schedulePump();
  return toWebhookView(row);
}
