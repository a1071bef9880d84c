import { z } from "zod";
import { NOTIFICATION_TYPES } from "./types.ts";

export const listNotificationsQuery = z.object({
  unread: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
  type: z.enum(NOTIFICATION_TYPES).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

export const markReadInput = z.object({
  ids: z.union([z.literal("all"), z.array(z.string().uuid({ message: "Must be an id." })).min(1).max(500)]),
});
export type MarkReadInput = z.infer<typeof markReadInput>;

const channel = z.object({ inApp: z.boolean(), email: z.boolean() });
/** The contract's shape: `{<type>: {inApp, email}}`, plus whether emails come as one daily digest. */
export const notificationPreferencesInput = z.object({
  ...Object.fromEntries(NOTIFICATION_TYPES.map((type) => [type, channel.optional()])) as Record<(typeof NOTIFICATION_TYPES)[number], z.ZodOptional<typeof channel>>,
  dailyDigest: z.boolean().optional(),
}).strict();
export type NotificationPreferencesInput = z.infer<typeof notificationPreferencesInput>;

export const notificationOutput = z.object({
  id: z.string(), type: z.string(), at: z.string(), title: z.string(), body: z.string().nullable(), link: z.string().nullable(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationOutput>;
