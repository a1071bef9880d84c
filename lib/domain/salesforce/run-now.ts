import "server-only";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { db } from "@/lib/db/client.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";
import { enqueue } from "@/lib/jobs/queue.ts";
import { salesforceConfig } from "./config.ts";
import { SalesforceError } from "./connection.ts";
import { runInbound } from "./run-inbound.ts";
import { runOutbound } from "./run-outbound.ts";
import type { RetryRecordInput, RunSyncInput } from "./schemas.ts";

/** The job that runs the sync; the minute schedule queues the same one. */
export const SALESFORCE_JOB = "salesforce";

function requireConfigured() {
  if (!salesforceConfig()) throw new DomainError("invalid_request", "Salesforce is not configured: set SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET.");
}

/**
 * POST /sync/salesforce/run: queues a run now (202). One queued run per kind at a time: asking
 * twice before it starts queues it once (the job key), and a run already going finishes first
 * (the direction's lease).
 */
export async function requestRun({ actor }: ActorContext, input: RunSyncInput): Promise<{ queued: true; direction: string; full: boolean }> {
  authorize(actor, "salesforce.run");
  requireConfigured();
  const full = input.full ?? false;
  await enqueue(SALESFORCE_JOB, { direction: input.direction, full }, { jobKey: `salesforce:${input.direction}:${full}`, maxAttempts: 1 });
  return { queued: true, direction: input.direction, full };
}

/** Sends a refused record again at the next run (a `failed` one gets its attempts back). */
export async function retryRecord({ actor }: ActorContext, input: RetryRecordInput): Promise<{ queued: true }> {
  authorize(actor, "salesforce.run");
  const updated = await db.$executeRaw`
    UPDATE salesforce_pending SET status = 'pending', attempts = least(attempts, 1), next_attempt_at = now(), updated_at = now()
    WHERE object = ${input.object} AND record_id = ${input.recordId}::uuid`;
  if (updated === 0) throw notFound("Waiting record");
  if (salesforceConfig()) await enqueue(SALESFORCE_JOB, { direction: "outbound", full: false }, { jobKey: "salesforce:outbound:false", maxAttempts: 1 });
  return { queued: true };
}

/**
 * "Run now" in Admin → Salesforce: runs in this request, so it works on an instance without a
 * worker too, and says what it did. Inbound first, so a new Salesforce opportunity's stamp goes out
 * in the same run. Null for a direction whose run another runner has under way.
 */
export async function runSyncNow({ actor }: ActorContext, input: RunSyncInput) {
  authorize(actor, "salesforce.run");
  requireConfigured();
  try {
    const inbound = input.direction === "outbound" ? null : await runInbound({ full: input.full ?? false });
    const outbound = input.direction === "inbound" ? null : await runOutbound();
    return {
      inbound: inbound && { created: inbound.accounts.created + inbound.opportunities.created, updated: inbound.accounts.updated + inbound.opportunities.updated, calls: inbound.calls },
      outbound: outbound && { records: outbound.records, failed: outbound.failed, calls: outbound.calls },
    };
  } catch (error) {
    if (error instanceof SalesforceError) throw new DomainError("unavailable", `The run failed: ${error.message}`);
    throw error;
  }
}
