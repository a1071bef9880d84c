import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import { instanceId, leaseSeconds, renewEveryMs } from "@/lib/jobs/instance.ts";
import type { ImportKind } from "./schemas.ts";

/**
 * An import is run under a lease held by one process. While that process lives it renews the
 * lease; when it dies (kill -9, a lost host) the lease runs out and a reaper marks the import
 * failed. Nothing ever runs an import twice: only a `queued` import can be claimed.
 */
export type ClaimedImport = {
  kind: ImportKind; dryRun: boolean; skipInvalidRows: boolean; fileName: string | null; content: Uint8Array | null; mapping: unknown;
  createdBy: string | null; batchId: string;
};

/** Lease lost: the reaper (or someone) has already settled this import; stop without writing. */
export class LeaseLost extends Error {
  constructor(importId: string) {
    super(`import ${importId} is no longer held by this worker`);
  }
}

export async function claimImport(importId: string): Promise<ClaimedImport | null> {
  const rows = await db.$queryRaw<ClaimedImport[]>`
    UPDATE import_jobs SET status = 'running', phase = 'parse', started_at = now(), processed = 0,
      leased_by = ${instanceId()}, lease_expires_at = now() + make_interval(secs => ${leaseSeconds()})
    WHERE id = ${importId}::uuid AND status = 'queued'
    RETURNING kind::text AS kind, dry_run AS "dryRun", skip_invalid_rows AS "skipInvalidRows", file_name AS "fileName", content, mapping, created_by::text AS "createdBy", batch_id::text AS "batchId"`;
  return rows[0] ?? null;
}

/** Renews the lease until `stop()`; a renewal that fails (database away) is simply tried again. */
export function keepLease(importId: string): { stop: () => void } {
  const timer = setInterval(() => {
    db.$executeRaw`
      UPDATE import_jobs SET lease_expires_at = now() + make_interval(secs => ${leaseSeconds()})
      WHERE id = ${importId}::uuid AND status = 'running' AND leased_by = ${instanceId()}`
      .catch(() => {});
  }, renewEveryMs());
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * First statement of every transaction that writes an import's outcome. The transaction-level
 * advisory lock is held until commit, and dies with the connection: the reaper takes the same
 * lock before failing an import, so it can never fail one whose transaction is still alive, and
 * a transaction can never start on an import the reaper has already failed.
 */
export async function guardLease(tx: Tx, importId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_SPACE}::int, hashtext(${importId}))`;
  const [row] = await tx.$queryRaw<{ held: boolean }[]>`
    SELECT status = 'running' AND leased_by = ${instanceId()} AS held FROM import_jobs WHERE id = ${importId}::uuid`;
  if (!row?.held) throw new LeaseLost(importId);
}

/** Advisory-lock namespace of import leases (any constant distinct from other uses). */
export const LOCK_SPACE = 7301;

/** Conditions for writes made outside a guarded transaction: only while this worker holds it. */
export const heldByMe = (importId: string) => ({ id: importId, status: "running" as const, leasedBy: instanceId() });
