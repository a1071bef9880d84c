import { describe, expect, it } from "vitest";
import pg from "pg";
import { db } from "@/lib/db/client.ts";
import { reapAbandonedWork } from "@/lib/jobs/reaper.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { expireQueuedImport, INTERRUPTED_MESSAGE } from "./fail-abandoned-imports.ts";
import { LOCK_SPACE } from "./import-lease.ts";
import { getImport } from "./queries.ts";
import { runImport } from "./run-import.ts";

async function runningImport(leaseExpiresAt: Date, externalId: string) {
  const ops = await makeUser("sales_ops");
  const content = new TextEncoder().encode(`externalId,name\n${externalId},Never applied\n`);
  const job = await db.importJob.create({
    data: {
      kind: "accounts", dryRun: false, content, createdBy: ops.id, status: "running", phase: "apply",
      startedAt: new Date(Date.now() - 3600_000), leasedBy: "a-dead-host:4242:deadbeef", leaseExpiresAt,
    },
  });
  await db.$executeRaw`INSERT INTO import_account_rows (import_id, row_no, external_id, name) VALUES (${job.id}::uuid, 1, ${externalId}, 'left over')`;
  return { ops, job };
}

const stagedRows = async (importId: string) =>
  (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM import_account_rows WHERE import_id = ${importId}::uuid`)[0].n;

describe("an import's lease", () => {
  it("is never taken again, even hours later: only a queued import can be claimed", async () => {
    const externalId = `L-${unique()}`;
    const { ops, job } = await runningImport(new Date(Date.now() - 2 * 3600_000), externalId);
    await runImport(job.id);
    expect((await getImport(ops, job.id)).status).toBe("running");
    expect(await db.account.findUnique({ where: { externalId } })).toBeNull();
  });

  it("ran out with its worker: the reaper fails the import, says nothing was changed, clears its staging, and it never runs again", async () => {
    const externalId = `L-${unique()}`;
    const { ops, job } = await runningImport(new Date(Date.now() - 1000), externalId);
    const reaped = await reapAbandonedWork();
    expect(reaped.failedImports).toContain(job.id);
    const failed = await getImport(ops, job.id);
    expect(failed).toMatchObject({ status: "failed", created: 0, updated: 0 });
    expect(failed.errors).toEqual([{ row: 0, message: INTERRUPTED_MESSAGE }]);
    expect(await stagedRows(job.id)).toBe(0);

    await runImport(job.id);
    expect((await getImport(ops, job.id)).status).toBe("failed");
    expect(await db.account.findUnique({ where: { externalId } })).toBeNull();
    expect((await reapAbandonedWork()).failedImports).not.toContain(job.id);
  });

  it("is not reaped while its transaction is alive, however late its renewal", async () => {
    const { ops, job } = await runningImport(new Date(Date.now() - 1000), `L-${unique()}`);
    // Another connection holds the import's transaction lock, as a live apply does.
    const live = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await live.connect();
    try {
      await live.query("BEGIN");
      await live.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [LOCK_SPACE, job.id]);
      expect((await reapAbandonedWork()).failedImports).not.toContain(job.id);
      expect((await getImport(ops, job.id)).status).toBe("running");
      await live.query("ROLLBACK");
      expect((await reapAbandonedWork()).failedImports).toContain(job.id);
    } finally {
      await live.end();
    }
  });

  it("keeps a live import: a lease that is still valid is left alone", async () => {
    const { ops, job } = await runningImport(new Date(Date.now() + 60_000), `L-${unique()}`);
    expect((await reapAbandonedWork()).failedImports).not.toContain(job.id);
    expect((await getImport(ops, job.id)).status).toBe("running");
    expect(await stagedRows(job.id)).toBe(1);
  });

  it("a queued import whose job comes a day late is failed, not applied", async () => {
    const ops = await makeUser("sales_ops");
    const externalId = `L-${unique()}`;
    const content = new TextEncoder().encode(`externalId,name\n${externalId},Late\n`);
    const late = await db.importJob.create({ data: { kind: "accounts", dryRun: false, content, createdBy: ops.id, createdAt: new Date(Date.now() - 25 * 3600_000) } });
    const fresh = await db.importJob.create({ data: { kind: "accounts", dryRun: false, content, createdBy: ops.id } });
    expect(await expireQueuedImport(fresh.id, 24)).toBe(false);
    expect(await expireQueuedImport(late.id, 24)).toBe(true);
    await runImport(late.id);
    expect(await getImport(ops, late.id)).toMatchObject({ status: "failed" });
    expect(await db.account.findUnique({ where: { externalId } })).toBeNull();
  });
});
