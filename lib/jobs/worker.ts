import { EventEmitter } from "node:events";
import { Logger, parseCrontab, run, type Runner, type TaskList, type WorkerEvents } from "graphile-worker";
import { db } from "@/lib/db/client.ts";
import { importTask } from "./import-task.ts";
import { instanceId, reaperEveryMs, renewEveryMs } from "./instance.ts";
import { reapAbandonedWork } from "./reaper.ts";
import { reconcileTask } from "./reconcile-task.ts";
import { notificationsTask } from "./notifications-task.ts";
import { webhooksTask } from "./webhooks-task.ts";
import { salesforceCatchTask, salesforceTask } from "./salesforce-task.ts";

/**
 * The job queue: graphile-worker on the app's own PostgreSQL (jobs and their schedule live in the
 * `graphile_worker` schema), so there is nothing else to deploy or back up. Each app instance runs
 * one supervised runner, says it is alive every few seconds, and reaps what dead instances held.
 */
const taskList: TaskList = {
  reconcile: reconcileTask, import: importTask, webhooks: webhooksTask, notifications: notificationsTask,
  salesforce: salesforceTask, "salesforce-catch": salesforceCatchTask,
};

/** Daily at 03:00 UTC unless ROSTER_RECONCILE_CRON gives another schedule (the five cron fields). */
export function reconcileCrontab(schedule = process.env.ROSTER_RECONCILE_CRON): string {
  return `${schedule?.trim() || "0 3 * * *"} reconcile`;
}

// The worker is chatty at info level; keep only what someone has to act on.
const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`[roster worker] ${level}: ${message}`);
});

type Supervisor = {
  stopping: boolean;
  runner?: Runner;
  started: Promise<void>;
  done: Promise<void>;
  timers: NodeJS.Timeout[];
  workerIds: Set<string>;
  restarts: number;
};

// One worker per process, including across Next's dev reloads of this module.
const state = globalThis as unknown as { rosterWorker?: Supervisor };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function beat(supervisor: Supervisor): Promise<void> {
  const ids = [...supervisor.workerIds];
  await db.$executeRaw`
    INSERT INTO job_workers (id, host, pid, worker_ids) VALUES (${instanceId()}, ${instanceId().split(":")[0]}, ${process.pid}, ${ids}::text[])
    ON CONFLICT (id) DO UPDATE SET worker_ids = EXCLUDED.worker_ids, heartbeat_at = now()`;
}

async function reap(): Promise<void> {
  const reaped = await reapAbandonedWork();
  if (reaped.failedImports.length) console.error(`[roster worker] imports interrupted by a dead worker, marked failed: ${reaped.failedImports.join(", ")}`);
  if (reaped.freedWorkers.length) console.error(`[roster worker] freed the jobs of stopped workers: ${reaped.freedWorkers.join(", ")}`);
}

/** Repeats `task` every `ms` (and once now); a failure (the database away) waits for the next turn. */
function every(ms: number, task: () => Promise<void>): NodeJS.Timeout {
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    task().catch(() => {}).finally(() => { busy = false; });
  };
  tick();
  const timer = setInterval(tick, ms);
  timer.unref();
  return timer;
}

/**
 * Runs graphile-worker until stopped, starting it again with backoff whenever it stops on its
 * own (its database went away at start, a fatal error): background work must not silently end.
 */
async function supervise(supervisor: Supervisor, options: { connectionString: string; noHandleSignals: boolean }, markStarted: () => void) {
  // Notifications every minute: the feed's news for people, and the emails that are due. The
  // Salesforce sync every minute too (a no-op without its configuration), its catch daily at 03:30.
  const crontab = [
    reconcileCrontab(), "* * * * * notifications ?max=1", "* * * * * salesforce ?max=1&jobKey=salesforce:both:false", "30 3 * * * salesforce-catch ?max=1",
  ].join("\n");
  for (let delay = 1_000; !supervisor.stopping; delay = Math.min(delay * 2, 30_000)) {
    const startedAt = Date.now();
    try {
      const events: WorkerEvents = new EventEmitter();
      // Jobs are locked by the pool's id (and, in some modes, a worker's): remember both.
      const holder = (id: string) => {
        supervisor.workerIds.add(id);
        void beat(supervisor).catch(() => {});
      };
      events.on("pool:create", ({ workerPool }) => holder(workerPool.id));
      events.on("worker:create", ({ worker }) => holder(worker.workerId));
      supervisor.runner = await run({
        connectionString: options.connectionString,
        concurrency: 2,
        noHandleSignals: options.noHandleSignals,
        pollInterval: 5_000,
        logger: quietLogger,
        taskList,
        crontab,
        events,
      });
      markStarted();
      await supervisor.runner.promise;
      if (supervisor.stopping) return;
      console.error("[roster worker] the job runner stopped; starting it again");
    } catch (error) {
      if (supervisor.stopping) return;
      console.error(`[roster worker] the job runner failed (${(error as Error).message}); starting it again in ${delay} ms`);
    }
    supervisor.runner = undefined;
    supervisor.restarts += 1;
    if (Date.now() - startedAt > 60_000) delay = 1_000; // it had been running fine: start over quickly
    await sleep(delay);
  }
}

export async function startWorker({ connectionString, noHandleSignals = false }: { connectionString: string; noHandleSignals?: boolean }): Promise<void> {
  if (!state.rosterWorker) {
    parseCrontab(reconcileCrontab()); // a bad ROSTER_RECONCILE_CRON fails here, with the line in the message
    let markStarted = () => {};
    const supervisor: Supervisor = {
      stopping: false, timers: [], workerIds: new Set(), restarts: 0,
      started: new Promise<void>((resolve) => { markStarted = resolve; }),
      done: Promise.resolve(),
    };
    state.rosterWorker = supervisor;
    supervisor.timers.push(every(renewEveryMs(), () => beat(supervisor)));
    supervisor.timers.push(every(reaperEveryMs(), reap));
    supervisor.done = supervise(supervisor, { connectionString, noHandleSignals }, markStarted);
  }
  await state.rosterWorker.started;
}

/**
 * An instance that runs no worker (ROSTER_WORKER=off) still reaps: it may run imports itself, and
 * every instance settling what dead ones left is what makes a dead one harmless.
 */
const reaperOnly = globalThis as unknown as { rosterReaper?: NodeJS.Timeout };
export function startReaper(): void {
  reaperOnly.rosterReaper ??= every(reaperEveryMs(), reap);
}

export async function stopWorker(): Promise<void> {
  const supervisor = state.rosterWorker;
  state.rosterWorker = undefined;
  if (!supervisor) return;
  supervisor.stopping = true;
  for (const timer of supervisor.timers) clearInterval(timer);
  await supervisor.runner?.stop().catch(() => {});
  await supervisor.done;
  // A clean stop holds nothing: say so, so nobody waits for this instance's lease to run out.
  await db.$executeRaw`DELETE FROM job_workers WHERE id = ${instanceId()}`.catch(() => {});
}

/** For /readyz and tests: whether this process runs a worker, and how often it had to restart it. */
export function workerStatus(): { running: boolean; restarts: number } {
  const supervisor = state.rosterWorker;
  return { running: Boolean(supervisor?.runner), restarts: supervisor?.restarts ?? 0 };
}
