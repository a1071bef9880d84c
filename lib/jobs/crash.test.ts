import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client.ts";
import { migrate } from "@/lib/db/migrate.ts";
import { INTERRUPTED_MESSAGE } from "@/lib/domain/imports/fail-abandoned-imports.ts";
import { runImport } from "@/lib/domain/imports/run-import.ts";
import { nothingWritten, queueBlockedImport, stagingRows, until } from "@/test/support/blocked-import.ts";
import { startWorkerProcess, type WorkerProcess } from "@/test/support/worker-processes.ts";

// What an operator did to Roster: kill -9 the app in the middle of an import, run two instances
// and kill one. The workers run in child processes on a database of this file's own, so the jobs
// of other test files never land on a worker this file kills.
let databaseUrl: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `roster_crash_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  await migrate(databaseUrl);
  await disconnectDb();
  process.env.DATABASE_URL = databaseUrl;
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill()));
  await disconnectDb();
});

async function worker() {
  const started = await startWorkerProcess(databaseUrl);
  workers.push(started);
  return started;
}

const graphileJob = async (importId: string) =>
  (await db.$queryRaw<{ attempts: number; max_attempts: number; locked_by: string | null }[]>`
    SELECT attempts, max_attempts, locked_by FROM graphile_worker.jobs WHERE key = ${`import:${importId}`}`)[0];

describe("a worker killed in the middle of an import", () => {
  it("leaves the import failed within its lease, nothing written, staging cleared, and never applies it again", async () => {
    const first = await worker();
    const blocked = await queueBlockedImport(databaseUrl);
    await blocked.blocked();
    expect(await db.importJob.findUniqueOrThrow({ where: { id: blocked.importId }, select: { leasedBy: true } }))
      .toEqual({ leasedBy: first.instanceId });

    await first.kill();
    const killedAt = Date.now();
    await blocked.release();
    // The app comes back (a restart); its reaper finds what the dead one held.
    const restarted = await worker();
    const failed = await until(async () => {
      const view = await blocked.view();
      return view.status === "failed" ? view : null;
    }, 30_000, "the interrupted import to be marked failed");
    const recoveredMs = Date.now() - killedAt;
    console.log(`[crash test] killed mid-apply -> import marked failed in ${recoveredMs} ms (lease 3 s)`);

    expect(failed.errors).toEqual([{ row: 0, message: INTERRUPTED_MESSAGE }]);
    expect(await nothingWritten(blocked.importId, blocked.accountIds, blocked.csm.id)).toEqual({ audit: 0, holders: 0, stamped: 0 });
    await until(async () => (await stagingRows(blocked.importId)) === 0, 10_000, "the staging rows to be cleared");

    // However it is woken, it does not run again: its queue job has used its one attempt (and is
    // freed, not left locked for four hours), and an import that is not queued cannot be claimed.
    const job = await until(async () => {
      const row = await graphileJob(blocked.importId);
      return row && row.locked_by === null ? row : null;
    }, 30_000, "the dead worker's job to be unlocked").catch(async (error) => {
      const state = { job: await graphileJob(blocked.importId), workers: await db.$queryRaw`SELECT id, worker_ids, heartbeat_at FROM job_workers` };
      throw new Error(`${(error as Error).message}: ${JSON.stringify(state, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`);
    });
    expect(job.attempts).toBeGreaterThanOrEqual(job.max_attempts);
    await runImport(blocked.importId);
    expect((await blocked.view()).status).toBe("failed");
    expect(await nothingWritten(blocked.importId, blocked.accountIds, blocked.csm.id)).toEqual({ audit: 0, holders: 0, stamped: 0 });
    expect(restarted.output()).toContain("imports interrupted by a dead worker");
    await restarted.kill();
  });
});

describe("two instances", () => {
  it("when the one running an import dies, the other fails it within seconds and runs the next import", async () => {
    const [a, b] = [await worker(), await worker()];
    const blocked = await queueBlockedImport(databaseUrl);
    await blocked.blocked();
    const { leasedBy } = await db.importJob.findUniqueOrThrow({ where: { id: blocked.importId }, select: { leasedBy: true } });
    const [victim, survivor] = leasedBy === a.instanceId ? [a, b] : [b, a];
    expect([a.instanceId, b.instanceId]).toContain(leasedBy);

    await victim.kill();
    const killedAt = Date.now();
    await blocked.release();
    for (const worker of workers) if (worker !== a && worker !== b) await worker.kill();
    await until(async () => (await blocked.view()).status === "failed", 60_000, "the survivor to fail the import");
    const tookOverMs = Date.now() - killedAt;
    console.log(`[crash test] second instance took over the dead one's import in ${tookOverMs} ms`);
    expect(tookOverMs).toBeLessThan(60_000);
    expect(await nothingWritten(blocked.importId, blocked.accountIds, blocked.csm.id)).toEqual({ audit: 0, holders: 0, stamped: 0 });

    // The survivor goes on with new work.
    const next = await queueBlockedImport(databaseUrl, 2);
    await next.release();
    const done = await until(async () => {
      const view = await next.view();
      return view.status === "succeeded" ? view : null;
    }, 30_000, "the next import to succeed");
    expect(done.updated + done.created).toBeGreaterThan(0);
    expect(await db.importJob.findUniqueOrThrow({ where: { id: next.importId }, select: { leasedBy: true } }))
      .toEqual({ leasedBy: survivor.instanceId });
    await survivor.kill();
  });
});
