import pg from "pg";
import { db } from "@/lib/db/client.ts";
import { makeAccount, makeOpportunities } from "@/lib/domain/accounts/testing.ts";
import { getImport } from "@/lib/domain/imports/queries.ts";
import { startImport } from "@/lib/domain/imports/start-import.ts";
import { asContext, makeUser } from "@/test/factories.ts";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, what = "the condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * An assignments import of `accounts` accounts (a new CSM on each, stamped onto their open
 * opportunities), queued for the worker, and a connection holding a row lock on one of those
 * opportunities: the import's apply stops inside its transaction, after its first writes, until
 * `release()`. `blocked()` resolves once the apply waits there.
 */
export async function queueBlockedImport(databaseUrl: string, accounts = 20) {
  const ops = await makeUser("sales_ops");
  const csm = await makeUser("csm");
  const ids: string[] = [];
  for (let i = 0; i < accounts; i++) {
    const account = await makeAccount();
    await makeOpportunities(account.id, 3);
    ids.push(account.id);
  }
  const victim = await db.opportunity.findFirstOrThrow({ where: { accountId: ids[ids.length - 1] }, select: { id: true } });
  const holder = new pg.Client({ connectionString: databaseUrl });
  await holder.connect();
  holder.on("error", () => {}); // a test that stops the server ends this connection too
  await holder.query("BEGIN");
  await holder.query("SELECT 1 FROM opportunities WHERE id = $1 FOR UPDATE", [victim.id]);
  const holderPid = (await holder.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;

  const file = `account_id,csm\n${ids.map((id) => `${id},${csm.email}`).join("\n")}\n`;
  const job = await startImport(asContext(ops), { kind: "assignments", dryRun: false, content: new TextEncoder().encode(file), fileName: "crash.csv" });

  return {
    ops, csm, accountIds: ids, importId: job.id,
    view: () => getImport(ops, job.id),
    /** The worker's backend waiting on our lock, inside the import's transaction. */
    blocked: () => until(async () => {
      const rows = await db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE ${holderPid}::int = ANY(pg_blocking_pids(pid))`;
      return rows.length > 0;
    }, 60_000, "the import's apply to wait on the locked opportunity"),
    release: async () => {
      await holder.query("ROLLBACK").catch(() => {});
      await holder.end().catch(() => {});
    },
  };
}

/** Nothing of the import was written: no CSM held, nothing stamped, no audit entry of its batch. */
export async function nothingWritten(importId: string, accountIds: string[], csmId: string) {
  const { batchId } = await db.importJob.findUniqueOrThrow({ where: { id: importId }, select: { batchId: true } });
  const [audit, holders, stamped] = await Promise.all([
    db.auditEntry.count({ where: { batchId } }),
    db.accountRoleAssignment.count({ where: { accountId: { in: accountIds }, userId: csmId } }),
    db.opportunity.count({ where: { accountId: { in: accountIds }, csmId } }),
  ]);
  return { audit, holders, stamped };
}

export async function stagingRows(importId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT ((SELECT count(*) FROM import_assignment_rows WHERE import_id = ${importId}::uuid)
          + (SELECT count(*) FROM import_account_rows WHERE import_id = ${importId}::uuid))::int AS n`;
  return row.n;
}
