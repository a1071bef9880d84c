import { Logger, parseCrontab, quickAddJob, run, type Runner, type TaskList } from "graphile-worker";
import { importTask } from "./import-task.ts";
import { reconcileTask } from "./reconcile-task.ts";
import { webhooksTask } from "./webhooks-task.ts";

/**
 * The job queue: graphile-worker on the app's own PostgreSQL (jobs and their schedule live in the
 * `graphile_worker` schema it migrates itself), so there is nothing else to deploy or back up.
 */
const taskList: TaskList = { reconcile: reconcileTask, import: importTask };
taskList.webhooks = webhooksTask;
export type JobName = "reconcile" | "import";

/** Daily at 03:00 UTC unless ROSTER_RECONCILE_CRON gives another schedule (the five cron fields). */
export function reconcileCrontab(schedule = process.env.ROSTER_RECONCILE_CRON): string {
  return `${schedule?.trim() || "0 3 * * *"} reconcile`;
}

// The worker is chatty at info level; keep only what someone has to act on.
const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`[roster worker] ${level}: ${message}`);
});

// One worker per process, including across Next's dev reloads of this module.
const state = globalThis as unknown as { rosterWorker?: Promise<Runner> };

export async function startWorker({ connectionString, noHandleSignals = false }: { connectionString: string; noHandleSignals?: boolean }): Promise<Runner> {
  if (!state.rosterWorker) {
    const crontab = reconcileCrontab();
    parseCrontab(crontab); // a bad ROSTER_RECONCILE_CRON fails here, with the line in the message
    state.rosterWorker = run({
      connectionString,
      concurrency: 2,
      noHandleSignals,
      pollInterval: 5_000,
      logger: quietLogger,
      taskList,
      crontab,
    });
    state.rosterWorker.catch(() => {
      state.rosterWorker = undefined;
    });
  }
  return state.rosterWorker;
}

export async function stopWorker(): Promise<void> {
  const runner = state.rosterWorker;
  state.rosterWorker = undefined;
  if (runner) await (await runner).stop();
}

/** Queues a job; any running worker (this process or another) picks it up at once. */
export async function addJob(name: JobName, payload: Record<string, unknown>): Promise<{ id: string }> {
  const runner = state.rosterWorker ? await state.rosterWorker.catch(() => undefined) : undefined;
  if (runner) return { id: (await runner.addJob(name, payload)).id };
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: cannot queue a job");
  const job = await quickAddJob({ connectionString, logger: quietLogger }, name, payload);
  return { id: job.id };
}
