import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { feedEnd } from "@/lib/domain/changes/sequence-changes.ts";
import { assertWebhookUrl } from "./address-guard.ts";
import { schedulePump } from "./pump.ts";
import { toWebhookView } from "./queries.ts";
import type { CreateWebhookInput, WebhookView } from "./schemas.ts";
import { newWebhookSecret } from "./secrets.ts";

/** Registers an endpoint; it receives changes from now on. The secret is returned this once. */
export async function createWebhook({ actor }: ActorContext, input: CreateWebhookInput): Promise<WebhookView & { secret: string }> {
  authorize(actor, "webhooks.manage");
  const url = await assertWebhookUrl(input.url);
  const secret = newWebhookSecret();
  const fanoutPosition = await feedEnd();
  const row = await db.webhookEndpoint.create({
    data: { url: url.toString(), eventTypes: [...new Set(input.eventTypes)], description: input.description || null, secret, fanoutPosition, createdBy: actor.id },
  });
  await schedulePump();
  return { ...toWebhookView(row), secret };
}
