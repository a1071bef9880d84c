import "server-only";
import { db } from "@/lib/db/client.ts";

export type JobQueueHealth = {
  /** Jobs due now that no worker has taken. */
  queued: number;
  running: number;
  /** Age of the oldest job a worker holds, in seconds; null when none runs. */
  oldestRunningSeconds: number | null;
  /** Jobs held by a worker that has stopped answering; the reaper frees or fails them. */
  stuck: number;
};

/** What /readyz and the metrics say of the background work. */
export async function jobQueueHealth(): Promise<JobQueueHealth> {
  const [row] = await db.$queryRaw<{ queued: number; running: number; oldest: number | null; stuck: number }[]>`
    SELECT count(*) FILTER (WHERE locked_at IS NULL AND run_at <= now() AND attempts < max_attempts)::int AS queued,
           count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS running,
           extract(epoch FROM now() - min(locked_at))::float8 AS oldest,
           count(*) FILTER (WHERE locked_at IS NOT NULL AND locked_at < now() - interval '15 minutes')::int AS stuck
    FROM graphile_worker.jobs`;
  return { queued: row!.queued, running: row!.running, oldestRunningSeconds: row!.oldest, stuck: row!.stuck };
}
