import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import { backoffBaseMs, MAX_RECORD_ATTEMPTS } from "./config.ts";

export type PendingObject = "Account" | "Opportunity" | "Csql";
export type Ref = { object: PendingObject; recordId: string };
export type Failure = Ref & { code: string; message: string };

/**
 * Records what Salesforce said of the records a run sent, in the transaction that moves the
 * checkpoint: accepted ones leave the pending list, refused ones join it (or count one more
 * attempt) with their error, to be sent again after a backoff; after MAX_RECORD_ATTEMPTS they are
 * `failed` and wait for someone's retry.
 */
export async function recordOutcome(tx: Tx, attempted: Ref[], failures: Failure[]): Promise<void> {
  const failed = new Set(failures.map((failure) => `${failure.object}:${failure.recordId}`));
  const accepted = attempted.filter((ref) => !failed.has(`${ref.object}:${ref.recordId}`));
  if (accepted.length > 0) {
    await tx.$executeRaw`
      DELETE FROM salesforce_pending p USING unnest(${accepted.map((ref) => ref.object)}::text[], ${accepted.map((ref) => ref.recordId)}::uuid[]) AS a(object, record_id)
      WHERE p.object = a.object AND p.record_id = a.record_id`;
  }
  if (failures.length > 0) {
    const unique = [...new Map(failures.map((failure) => [`${failure.object}:${failure.recordId}`, failure])).values()];
    await tx.$executeRaw`
      INSERT INTO salesforce_pending AS p (object, record_id, error_code, last_error, next_attempt_at)
      SELECT f.object, f.record_id, f.code, left(f.message, 2000), now() + make_interval(secs => ${backoffBaseMs() / 1000})
      FROM unnest(${unique.map((f) => f.object)}::text[], ${unique.map((f) => f.recordId)}::uuid[],
                  ${unique.map((f) => f.code)}::text[], ${unique.map((f) => f.message)}::text[]) AS f(object, record_id, code, message)
      ON CONFLICT (object, record_id) DO UPDATE SET
        attempts = p.attempts + 1,
        status = CASE WHEN p.attempts + 1 >= ${MAX_RECORD_ATTEMPTS} THEN 'failed' ELSE 'pending' END,
        error_code = EXCLUDED.error_code, last_error = EXCLUDED.last_error, updated_at = now(),
        next_attempt_at = now() + make_interval(secs => ${backoffBaseMs() / 1000} * power(2, least(p.attempts, 12)))`;
  }
}

/** Records whose retry is due, oldest first. */
export async function dueRecords(limit: number): Promise<Ref[]> {
  return db.$queryRaw<Ref[]>`
    SELECT object, record_id::text AS "recordId" FROM salesforce_pending
    WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT ${limit}`;
}
