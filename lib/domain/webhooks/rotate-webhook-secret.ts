import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import { newWebhookSecret, ROTATION_OVERLAP_MS } from "./secrets.ts";

/**
 * A new secret, shown once. The current one keeps signing beside it for 24 hours (two signatures
 * in `webhook-signature`), so a receiver can switch without rejecting a delivery.
 */
export async function rotateWebhookSecret({ actor }: ActorContext, id: string): Promise<{ secret: string; previousSecretValidUntil: string }> {
  authorize(actor, "webhooks.manage");
  const secret = newWebhookSecret();
  const until = new Date(Date.now() + ROTATION_OVERLAP_MS);
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE webhook_endpoints
    SET previous_secret = secret, previous_secret_expires_at = ${until}, secret = ${secret}, updated_at = now()
    WHERE id = ${id}::uuid RETURNING id::text`;
  if (rows.length === 0) throw notFound("Webhook");
  return { secret, previousSecretValidUntil: until.toISOString() };
}
