-- Up Migration
-- Background work that survives crashes (issue 22). A job is held by a lease, not by a lock that
-- outlives its process: the worker running it renews the lease while it works, and a reaper on
-- every instance fails (imports) or frees (idempotent jobs) whatever a dead worker held.

-- An import is held by one worker instance until its lease expires. A running import whose lease
-- has expired died with its worker: the reaper marks it failed, and nothing re-applies it.
ALTER TABLE import_jobs
  ADD COLUMN leased_by text,
  ADD COLUMN lease_expires_at timestamptz;
CREATE INDEX import_jobs_running_lease_idx ON import_jobs (lease_expires_at) WHERE status = 'running';

-- Each app instance running the job worker says it is alive. graphile-worker's own lock on a job
-- is only released after four hours; the reaper frees the jobs of an instance that stopped
-- beating well before that, through graphile-worker's force_unlock_workers.
CREATE TABLE job_workers (
  id           text PRIMARY KEY,
  host         text NOT NULL,
  pid          integer NOT NULL,
  -- graphile-worker's ids of this instance's workers (the `locked_by` of the jobs they hold).
  worker_ids   text[] NOT NULL DEFAULT '{}',
  started_at   timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);

-- Forgets the instances that stopped beating and frees the jobs they held, in one transaction:
-- an instance is never forgotten with its jobs still locked. Returns the instances' ids.
CREATE FUNCTION free_dead_job_workers(lease interval) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
  dead_ids text[];
  held text[];
BEGIN
  WITH dead AS (DELETE FROM job_workers WHERE heartbeat_at < now() - lease RETURNING id, worker_ids)
  SELECT coalesce(array_agg(DISTINCT id), '{}'), coalesce(array_agg(w) FILTER (WHERE w IS NOT NULL), '{}')
    INTO dead_ids, held
    FROM dead LEFT JOIN LATERAL unnest(dead.worker_ids) AS w ON true;
  IF cardinality(held) > 0 THEN
    PERFORM graphile_worker.force_unlock_workers(held);
  END IF;
  RETURN dead_ids;
END $$;

-- Down Migration
DROP FUNCTION free_dead_job_workers(interval);
DROP TABLE job_workers;
DROP INDEX import_jobs_running_lease_idx;
ALTER TABLE import_jobs DROP COLUMN lease_expires_at, DROP COLUMN leased_by;
