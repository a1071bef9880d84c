import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeTokenUser, makeUser, unique } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as reconcileRoute from "@/app/api/v1/reconcile/route.ts";
import { jobQueueHealth } from "./health.ts";
import { enqueue } from "./queue.ts";
import { reconcileCrontab, startWorker, stopWorker } from "./worker.ts";

async function until<T>(check: () => Promise<T | null | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the job worker", () => {
  afterAll(async () => {
    await stopWorker();
  });

  it("schedules reconcile daily unless ROSTER_RECONCILE_CRON says otherwise", () => {
    expect(reconcileCrontab(undefined)).toBe("0 3 * * * reconcile");
    expect(reconcileCrontab("*/15 * * * *")).toBe("*/15 * * * * reconcile");
  });

  it("runs a queued reconcile job, which records its run and repairs drift", async () => {
    const csm = await makeUser("csm");
    const account = await db.account.create({ data: { name: `Worker ${unique()}` }, select: { id: true } });
    await db.accountRoleAssignment.create({ data: { accountId: account.id, roleKey: "csm", userId: csm.id } });
    const opportunity = await db.opportunity.create({ data: { accountId: account.id, name: `Drifted ${unique()}` }, select: { id: true } });

    await startWorker({ connectionString: process.env.DATABASE_URL!, noHandleSignals: true });
    const since = new Date();
    const job = await enqueue("reconcile", { dryRun: false, accountIds: [account.id] });
    expect(job.id).toBeTruthy();

    const run = await until(() =>
      db.reconcileRun.findFirst({ where: { trigger: "schedule", startedAt: { gte: since }, repaired: { gte: 1 } } }),
    );
    expect(run).toMatchObject({ dryRun: false, actorId: null, checked: 1, mismatches: 1, repaired: 1 });
    const repaired = await db.opportunity.findUniqueOrThrow({ where: { id: opportunity.id }, select: { csmId: true } });
    expect(repaired.csmId).toBe(csm.id);
  });

  it("answers POST /reconcile {async: true} with 202 and a job that runs as the person who asked", async () => {
    const { user, token } = await makeTokenUser("finance");
    const account = await db.account.create({ data: { name: `Async ${unique()}` }, select: { id: true } });
    await startWorker({ connectionString: process.env.DATABASE_URL!, noHandleSignals: true });
    const queued = await call(reconcileRoute.POST, { token, method: "POST", body: { dryRun: true, async: true, accountIds: [account.id] } });
    expect(queued.status).toBe(202);
    expect(queued.body.jobId).toEqual(expect.any(String));
    const run = await until(() => db.reconcileRun.findFirst({ where: { actorId: user.id } }));
    expect(run).toMatchObject({ trigger: "api", dryRun: true, checked: 0 });

    const { token: csmToken } = await makeTokenUser("csm");
    expect((await call(reconcileRoute.POST, { token: csmToken, method: "POST", body: { dryRun: true, async: true } })).status).toBe(403);
  });

  it("reports queue depth, running jobs and stuck ones for /readyz and the metrics", async () => {
    await stopWorker();
    const before = await jobQueueHealth();
    await enqueue("reconcile", { dryRun: true, accountIds: [] }, { jobKey: `health-${unique()}` });
    const queued = await jobQueueHealth();
    expect(queued.queued).toBeGreaterThanOrEqual(1);
    // A job locked by a holder no live instance has: what a dead worker leaves behind.
    const { id } = await enqueue("reconcile", { dryRun: true, accountIds: [] }, { jobKey: `health-${unique()}` });
    await db.$executeRaw`UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '1 hour', locked_by = 'pool-of-a-dead-instance' WHERE id = ${BigInt(id)}`;
    const stuck = await jobQueueHealth();
    expect(stuck.stuck).toBeGreaterThanOrEqual(before.stuck + 1);
    expect(stuck.oldestRunningSeconds).toBeGreaterThan(3500);
    await db.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE id = ${BigInt(id)}`;
  });
});
