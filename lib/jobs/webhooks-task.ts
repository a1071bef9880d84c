import type { Task } from "graphile-worker";
import { runWebhooksJob } from "@/lib/domain/webhooks/pump.ts";

/** Fans out the change feed to webhook endpoints and sends due deliveries (lib/domain/webhooks/pump.ts). */
export const webhooksTask: Task = async () => {
  await runWebhooksJob();
};
