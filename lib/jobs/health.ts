import "server-only";
import { db } from "@/lib/db/client.ts";
import { leaseSeconds } from "./instance.ts";

export type JobQueueHealth = {
  /** Jobs due now that no worker has taken. */
  queued: number;
  running: number;
  /** Age of the oldest job a worker holds, in seconds; null when none runs. */
  oldestRunningSeconds: number | null;
  /** Jobs and imports held by a worker that stopped beating; the reaper frees or fails them. */
  stuck: number;
};

/** What /readyz and the metrics say of the background work. */
export async function jobQueueHealth(): Promise<JobQueueHealth> {
  const lease = leaseSeconds();
  const [row] = await db.$queryRaw<{ queued: number; running: number; oldest: number | null; stuck: number }[]>`
    WITH live AS (
      SELECT unnest(worker_ids) AS holder FROM job_workers WHERE heartbeat_at >= now() - make_interval(secs => ${lease})
    )
    SELECT count(*) FILTER (WHERE j.locked_at IS NULL AND j.run_at <= now() AND j.attempts < j.max_attempts)::int AS queued,
           count(*) FILTER (WHERE j.locked_at IS NOT NULL)::int AS running,
           extract(epoch FROM now() - min(j.locked_at))::float8 AS oldest,
           (count(*) FILTER (WHERE j.locked_at IS NOT NULL AND j.locked_by NOT IN (SELECT holder FROM live))
             + (SELECT count(*) FROM import_jobs WHERE status = 'running' AND lease_expires_at < now()))::int AS stuck
    FROM graphile_worker.jobs j`;
  return { queued: row!.queued, running: row!.running, oldestRunningSeconds: row!.oldest, stuck: row!.stuck };
}
