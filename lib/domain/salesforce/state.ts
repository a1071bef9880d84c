import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db/client.ts";
import type { Prisma } from "@/lib/db/generated/client.ts";
import { mappingSchema, type SalesforceMapping } from "./schemas.ts";

export type Direction = "outbound" | "inbound";
export type RunKind = "outbound" | "inbound" | "full" | "catch";

/** A lease outlives a slow run's renewals; a dead runner's turn passes on after it. */
const LEASE_SECONDS = 300;

export async function readSettings(client: Tx | typeof db = db): Promise<{ mapping: SalesforceMapping; csqlTarget: "lead" | "opportunity" }> {
  const row = await client.salesforceSync.findUniqueOrThrow({ where: { id: 1 }, select: { mapping: true, csqlTarget: true } });
  return { mapping: mappingSchema.parse(row.mapping), csqlTarget: row.csqlTarget === "lead" ? "lead" : "opportunity" };
}

/**
 * Takes one direction's turn: one runner per direction on any instance. Returns the lease token,
 * or null when another runner holds a live lease.
 */
export async function claimLease(direction: Direction): Promise<string | null> {
  const token = randomUUID();
  const claimed = direction === "outbound"
    ? await db.$executeRaw`
        UPDATE salesforce_sync SET outbound_lease = ${token}::uuid, outbound_leased_until = now() + make_interval(secs => ${LEASE_SECONDS})
        WHERE id = 1 AND (outbound_leased_until IS NULL OR outbound_leased_until < now())`
    : await db.$executeRaw`
        UPDATE salesforce_sync SET inbound_lease = ${token}::uuid, inbound_leased_until = now() + make_interval(secs => ${LEASE_SECONDS})
        WHERE id = 1 AND (inbound_leased_until IS NULL OR inbound_leased_until < now())`;
  return claimed === 1 ? token : null;
}

export class LeaseLost extends Error {
  constructor() {
    super("another runner took over this Salesforce sync run");
  }
}

/** Inside the transaction that commits a run's progress: still ours (and renewed), or roll back. */
export async function guardLease(tx: Tx, direction: Direction, token: string): Promise<void> {
  const held = direction === "outbound"
    ? await tx.$executeRaw`
        UPDATE salesforce_sync SET outbound_leased_until = now() + make_interval(secs => ${LEASE_SECONDS})
        WHERE id = 1 AND outbound_lease = ${token}::uuid`
    : await tx.$executeRaw`
        UPDATE salesforce_sync SET inbound_leased_until = now() + make_interval(secs => ${LEASE_SECONDS})
        WHERE id = 1 AND inbound_lease = ${token}::uuid`;
  if (held !== 1) throw new LeaseLost();
}

export async function releaseLease(direction: Direction, token: string): Promise<void> {
  if (direction === "outbound") {
    await db.$executeRaw`UPDATE salesforce_sync SET outbound_lease = NULL, outbound_leased_until = NULL WHERE id = 1 AND outbound_lease = ${token}::uuid`;
  } else {
    await db.$executeRaw`UPDATE salesforce_sync SET inbound_lease = NULL, inbound_leased_until = NULL WHERE id = 1 AND inbound_lease = ${token}::uuid`;
  }
}

export async function startRun(kind: RunKind): Promise<string> {
  const run = await db.salesforceRun.create({ data: { kind }, select: { id: true } });
  return run.id;
}

export async function finishRun(
  id: string,
  outcome: { status: "succeeded" | "failed"; records: number; calls: number; failed: number; error?: string | null; report?: unknown },
): Promise<void> {
  await db.salesforceRun.update({
    where: { id },
    data: {
      status: outcome.status, finishedAt: new Date(), records: outcome.records, calls: outcome.calls, failed: outcome.failed,
      error: outcome.error?.slice(0, 2000) ?? null, report: (outcome.report ?? undefined) as Prisma.InputJsonValue | undefined,
    },
  });
}

/** A whole run failed (Salesforce away, credentials refused): remembered until a run succeeds. */
export async function markFailing(message: string): Promise<void> {
  await db.$executeRaw`
    UPDATE salesforce_sync SET last_error = ${message.slice(0, 2000)}, failing_since = coalesce(failing_since, now()), updated_at = now() WHERE id = 1`;
}

export async function markHealthy(client: Tx | typeof db, direction: Direction): Promise<void> {
  if (direction === "outbound") {
    await client.$executeRaw`UPDATE salesforce_sync SET last_error = NULL, failing_since = NULL, last_outbound_at = now(), updated_at = now() WHERE id = 1`;
  } else {
    await client.$executeRaw`UPDATE salesforce_sync SET last_error = NULL, failing_since = NULL, last_inbound_at = now(), updated_at = now() WHERE id = 1`;
  }
}
