import { z } from "zod";

/** A type ("account.role_changed") or every type of an entity ("account.*"). */
const eventType = z.string().trim().regex(/^[a-z_]+\.(\*|[a-z_]+)$/, { message: "Use a type such as account.role_changed, or account.*" });

export const createWebhookInput = z.object({
  url: z.string().trim().min(1).max(2000),
  eventTypes: z.array(eventType).max(50).default([]),
  description: z.string().trim().max(500).optional(),
});
export type CreateWebhookInput = z.infer<typeof createWebhookInput>;

export const updateWebhookInput = z.object({
  url: z.string().trim().min(1).max(2000).optional(),
  eventTypes: z.array(eventType).max(50).optional(),
  description: z.string().trim().max(500).nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateWebhookInput = z.infer<typeof updateWebhookInput>;

export const webhookOutput = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().nullable(),
  active: z.boolean(),
  disabledReason: z.string().nullable(),
  disabledAt: z.string().nullable(),
  /** Until when the secret before the last rotation still signs deliveries. */
  previousSecretValidUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookView = z.infer<typeof webhookOutput>;
export const webhookWithSecretOutput = webhookOutput.extend({ secret: z.string() });
export const webhookListOutput = z.object({ items: z.array(webhookOutput) });
export const secretOutput = z.object({ secret: z.string(), previousSecretValidUntil: z.string() });

export const deliveryStatuses = ["pending", "delivered", "failed"] as const;
export const listDeliveriesQuery = z.object({
  status: z.enum(deliveryStatuses).optional(),
  cursor: z.string().regex(/^\d{1,19}$/, { message: "Not a valid cursor." }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuery>;

export const deliveryOutput = z.object({
  id: z.string(),
  changeId: z.string().nullable(),
  type: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  latencyMs: z.number().int().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type DeliveryView = z.infer<typeof deliveryOutput>;
export const deliveryPageOutput = z.object({ items: z.array(deliveryOutput), nextCursor: z.string().nullable() });
