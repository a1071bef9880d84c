import type { Task } from "graphile-worker";
import { consumeChanges } from "@/lib/domain/notifications/consume-changes.ts";
import { sendDueEmails } from "@/lib/domain/notifications/send-emails.ts";

/** Every minute: the change feed into notifications, then the due emails (both crash-safe on their own). */
export const notificationsTask: Task = async () => {
  await consumeChanges();
  await sendDueEmails();
};
