import "server-only";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { pumpWebhooks } from "./pump.ts";

/**
 * Fans out and sends what is due now, in this request, for at most 10 seconds. For deployments
 * whose instances run no worker (ROSTER_WORKER=off) — a scheduler can call it — and for tests.
 */
export async function deliverNow(actor: Actor): Promise<{ delivered: number; more: boolean }> {
  authorize(actor, "webhooks.manage");
  const { delivered, busy } = await pumpWebhooks({ budgetMs: 10_000 });
  return { delivered, more: busy };
}
