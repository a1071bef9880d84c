import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";

/**
 * The enqueue-only port of the job queue: what the domain needs to hand work to the background,
 * and nothing of the worker that runs it. Jobs are rows in graphile-worker's tables, added with
 * its own SQL function, so a job queued inside a transaction exists exactly when the change that
 * asked for it commits (no job for a rolled-back change, no change without its job).
 */
export type JobName = "reconcile" | "import" | (string & {});

export type EnqueueOptions = {
  /** Inside this transaction; otherwise on its own. */
  tx?: Tx;
  /** At most one pending job per key: a second enqueue with the same key replaces the first. */
  jobKey?: string;
  /** 1 for work that must never run twice (it changes state); more for idempotent work. */
  maxAttempts?: number;
  runAt?: Date;
  /** Jobs of one queue run one at a time, in order. */
  queueName?: string;
  priority?: number;
};

export async function enqueue(name: JobName, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<{ id: string }> {
  const client = options.tx ?? db;
  const rows = await client.$queryRaw<{ id: string }[]>`
    SELECT (graphile_worker.add_job(
      ${name}::text, ${JSON.stringify(payload)}::json,
      queue_name => ${options.queueName ?? null}::text,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? null}::int,
      job_key => ${options.jobKey ?? null}::text,
      priority => ${options.priority ?? null}::int
    )).id::text AS id`;
  return { id: rows[0]!.id };
}
