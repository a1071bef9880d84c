import "server-only";
import { db } from "@/lib/db/client.ts";
import { LOCK_SPACE } from "./import-lease.ts";

export const INTERRUPTED_MESSAGE = "Interrupted: the worker running this import stopped or lost its database. Nothing was changed; run it again.";

/**
 * Marks failed every running import whose lease ran out: its worker died, and with it the
 * transaction that would have applied it, so nothing of it was written. An import whose
 * transaction is still alive holds its advisory lock, and is left alone however late its lease.
 * Returns the ids it failed.
 */
export async function failAbandonedImports(): Promise<string[]> {
  const errors = JSON.stringify([{ row: 0, message: INTERRUPTED_MESSAGE }]);
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE import_jobs SET status = 'failed', phase = 'done', finished_at = now(), errors = ${errors}::jsonb, error_count = 1,
      created = 0, updated = 0, unchanged = 0, pending = 0, lease_expires_at = NULL
    WHERE status = 'running' AND lease_expires_at < now()
      AND pg_try_advisory_xact_lock(${LOCK_SPACE}::int, hashtext(id::text))
    RETURNING id::text`;
  return rows.map((row) => row.id);
}

/**
 * Staging rows belong to a running import only. A finished import clears its own; these are the
 * rows of imports whose worker died, or that an older version left behind.
 */
export async function clearAbandonedStaging(): Promise<number> {
  let removed = 0;
  for (const table of ["import_account_rows", "import_opportunity_rows", "import_assignment_rows"] as const) {
    removed += await db.$executeRawUnsafe(`
      DELETE FROM ${table} s WHERE NOT EXISTS (
        SELECT 1 FROM import_jobs j WHERE j.id = s.import_id AND j.status IN ('queued', 'running'))`);
  }
  return removed;
}

/**
 * A queued import whose job only ran after `maxWaitHours`: the data it was checked against has
 * moved on, so it is failed rather than applied late. Returns whether it was.
 */
export async function expireQueuedImport(importId: string, maxWaitHours: number): Promise<boolean> {
  const message = `This import waited more than ${maxWaitHours} hours for a worker. Nothing was changed; run it again.`;
  const expired = await db.$executeRaw`
    UPDATE import_jobs SET status = 'failed', phase = 'done', finished_at = now(), error_count = 1,
      errors = jsonb_build_array(jsonb_build_object('row', 0, 'message', ${message}::text))
    WHERE id = ${importId}::uuid AND status = 'queued' AND created_at < now() - make_interval(hours => ${maxWaitHours})`;
  return expired > 0;
}
