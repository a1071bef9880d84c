import "server-only";
import { db } from "@/lib/db/client.ts";
import { enqueue } from "@/lib/jobs/queue.ts";
import { type DeliverOptions, deliverDue } from "./deliver-due.ts";
import { fanOut } from "./fan-out.ts";

export const WEBHOOKS_JOB = "webhooks";

/**
 * Fans out what the feed published and sends what is due, round after round, until nothing is
 * left to claim or the time budget is spent. Safe to run anywhere, any number of times at once:
 * deliveries are claimed with leases.
 */
export async function pumpWebhooks(options: DeliverOptions & { budgetMs?: number } = {}): Promise<{ delivered: number; busy: boolean }> {
  const deadline = Date.now() + (options.budgetMs ?? 20_000);
  let delivered = 0;
  for (;;) {
    const created = await fanOut();
    const round = await deliverDue(options);
    delivered += round.delivered;
    if (round.claimed === 0 && created === 0) return { delivered, busy: false };
    if (Date.now() > deadline) return { delivered, busy: true };
  }
}

/** Queues the pump (one pending at a time), e.g. when an endpoint is added or a delivery retried. */
export async function schedulePump(runAt?: Date): Promise<void> {
  await enqueue(WEBHOOKS_JOB, {}, { jobKey: WEBHOOKS_JOB, runAt, maxAttempts: 3 });
}

/**
 * The job: pump, then come back while any endpoint is active — at once when there was more to do,
 * else after a second (how late a webhook may be), or when the next retry falls due if sooner.
 */
export async function runWebhooksJob(): Promise<void> {
  let busy = false;
  try {
    busy = (await pumpWebhooks()).busy;
  } finally {
    const [next] = await db.$queryRaw<{ active: boolean }[]>`SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE active) AS active`;
    if (next?.active) await schedulePump(new Date(Date.now() + (busy ? 0 : 1_000)));
  }
}
