import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import { schedulePump } from "./pump.ts";

/** Sends a delivery again now, with a fresh day of retries (a delivered one is sent once more). */
export async function retryDelivery({ actor }: ActorContext, endpointId: string, deliveryId: bigint): Promise<{ id: string; status: "pending" }> {
  authorize(actor, "webhooks.manage");
  const { count } = await db.webhookDelivery.updateMany({
    where: { id: deliveryId, endpointId },
    data: { status: "pending", nextAttemptAt: new Date(), firstAttemptAt: null, leasedUntil: null, leaseToken: null },
  });
  if (count === 0) throw notFound("Delivery");
  await schedulePump();
  return { id: deliveryId.toString(), status: "pending" };
}
