import "server-only";
import { z } from "zod";
import { listNotificationsQuery, markReadInput, notificationOutput, notificationPreferencesInput } from "@/lib/domain/notifications/schemas.ts";
import { roleRightsInput, roleWithRightsOutput } from "@/lib/domain/roles/schemas.ts";
import type { Operation } from "./types.ts";

export const notificationOperations: Operation[] = [
  {
    method: "get", path: "/notifications", tag: "Notifications", summary: "The signed-in user's own notifications, newest first",
    description: "Catches up with the change feed first, so a change shows here at once. `unread` counts all unread ones.",
    query: listNotificationsQuery, response: z.object({ items: z.array(notificationOutput), nextCursor: z.string().nullable(), unread: z.number() }),
  },
  {
    method: "post", path: "/notifications/read", tag: "Notifications", summary: "Mark some (`ids`) or all (`\"all\"`) of one's notifications read",
    body: markReadInput, response: z.object({ unread: z.number() }),
  },
  { method: "get", path: "/me/notification-preferences", tag: "Notifications", summary: "Where each kind of notification goes (defaults: in the app and by email)" },
  {
    method: "put", path: "/me/notification-preferences", tag: "Notifications", summary: "Set where each kind goes, and the daily email digest",
    body: notificationPreferencesInput,
  },
  {
    method: "put", path: "/roles/{key}/rights", tag: "Account roles", summary: "What holders of a role may do on the accounts they hold (admin)",
    description: "Each right widens one permission on the held accounts (and their children with `onChildren`); leaders stay read-only. Takes effect on the holders' next request.",
    body: roleRightsInput, response: roleWithRightsOutput,
  },
];
