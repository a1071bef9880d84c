import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client.ts";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "@/lib/db/embedded.ts";
import { migrate } from "@/lib/db/migrate.ts";
import { nothingWritten, queueBlockedImport, sleep, until } from "@/test/support/blocked-import.ts";
import { startWorkerProcess, type WorkerProcess } from "@/test/support/worker-processes.ts";

// PostgreSQL restarted under a running import, as an operator did: this file runs a server of its
// own so that stopping it leaves the other test files' database alone.
let server: EmbeddedDatabase;
let dir: string;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "roster-outage-pg-"));
  server = await startEmbeddedPostgres(dir, "roster", { throwaway: true });
  await migrate(server.url);
  await disconnectDb();
  process.env.DATABASE_URL = server.url;
});

afterAll(async () => {
  await worker?.kill();
  await disconnectDb();
  await server.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

describe("PostgreSQL restarting during an import's apply", () => {
  it("rolls the import back, records it failed once the database is back, and the next import works", async () => {
    worker = await startWorkerProcess(server.url);
    const blocked = await queueBlockedImport(server.url);
    await blocked.blocked();

    await server.stop();
    await sleep(3_000);
    await server.start();
    const backAt = Date.now();

    const failed = await until(async () => {
      const view = await blocked.view();
      return view.status === "failed" ? view : null;
    }, 60_000, "the import to be recorded failed");
    console.log(`[outage test] import recorded failed ${Date.now() - backAt} ms after PostgreSQL came back: ${failed.errors[0].message}`);
    expect(failed.errors[0].message).toMatch(/nothing was changed/i);
    expect(await nothingWritten(blocked.importId, blocked.accountIds, blocked.csm.id)).toEqual({ audit: 0, holders: 0, stamped: 0 });

    // The same worker, never restarted by hand, takes the next import.
    const next = await queueBlockedImport(server.url, 2);
    await next.release();
    const done = await until(async () => {
      const view = await next.view();
      return view.status === "succeeded" ? view : null;
    }, 60_000, "the next import to succeed");
    console.log(`[outage test] next import succeeded ${Date.now() - backAt} ms after PostgreSQL came back`);
    expect(done.errors).toEqual([]);
    expect(worker.output()).not.toMatch(/exited/);
    await worker.kill();
  });

  it("a worker started while the database is down keeps trying, and runs jobs once it is back", async () => {
    await server.stop();
    const starting = startWorkerProcess(server.url);
    await sleep(3_000);
    await server.start();
    const backAt = Date.now();
    worker = await starting;
    const next = await queueBlockedImport(server.url, 2);
    await next.release();
    await until(async () => (await next.view()).status === "succeeded", 60_000, "an import to run");
    console.log(`[outage test] worker started during the outage ran an import ${Date.now() - backAt} ms after PostgreSQL came back`);
    expect(worker.output()).toMatch(/the job runner failed .*starting it again/);
  });
});
