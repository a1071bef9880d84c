"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/auth/action.ts";
import { createWebhook } from "@/lib/domain/webhooks/create-webhook.ts";
import { deleteWebhook } from "@/lib/domain/webhooks/delete-webhook.ts";
import { retryDelivery } from "@/lib/domain/webhooks/retry-delivery.ts";
import { rotateWebhookSecret } from "@/lib/domain/webhooks/rotate-webhook-secret.ts";
import { createWebhookInput, updateWebhookInput } from "@/lib/domain/webhooks/schemas.ts";
import { sendTestEvent } from "@/lib/domain/webhooks/send-test-event.ts";
import { updateWebhook } from "@/lib/domain/webhooks/update-webhook.ts";

const endpointId = z.object({ id: z.uuid() });

export const createWebhookAction = action(createWebhookInput, async (context, input) => {
  const created = await createWebhook(context, input);
  revalidatePath("/admin/webhooks");
  return created;
});

export const updateWebhookAction = action(updateWebhookInput.extend(endpointId.shape), async (context, { id, ...input }) => {
  const updated = await updateWebhook(context, id, input);
  revalidatePath("/admin/webhooks");
  return updated;
});

export const rotateWebhookSecretAction = action(endpointId, async (context, { id }) => rotateWebhookSecret(context, id));

export const deleteWebhookAction = action(endpointId, async (context, { id }) => {
  const deleted = await deleteWebhook(context, id);
  revalidatePath("/admin/webhooks");
  return deleted;
});

export const sendTestEventAction = action(endpointId, async (context, { id }) => sendTestEvent(context, id));

export const retryDeliveryAction = action(
  endpointId.extend({ deliveryId: z.string().regex(/^\d{1,18}$/) }),
  async (context, { id, deliveryId }) => retryDelivery(context, id, BigInt(deliveryId)),
);
