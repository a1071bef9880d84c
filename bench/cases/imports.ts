// Bulk assignment import: a CRM's file of 100,000 accounts with their CSM and SA, then the same
// file again, which must change nothing.
import { randomUUID } from "node:crypto";
import { db } from "../../lib/db/client.ts";
import { runImport } from "../../lib/domain/imports/run-import.ts";
import { startImport } from "../../lib/domain/imports/start-import.ts";
import type { BenchContext } from "../context.ts";
import { countResult, measure, timedResult } from "../measure.ts";

type Outcome = { status: string; created: number; updated: number; unchanged: number; pending: number; errorCount: number };

/** An import this far past its goal is stopped, so a slow one cannot hold the whole bench up. */
const GIVE_UP_MS = 120_000;

/** Through the same use cases as `POST /imports`, with the job run here rather than queued, and timed from upload to commit. */
async function importFile(ctx: BenchContext, content: Uint8Array, fileName: string): Promise<Outcome> {
  const job = await startImport({ actor: ctx.actor, source: "api" }, { kind: "assignments", dryRun: false, content, fileName }, { dispatch: async () => {} });
  // Cancelling its statement fails the job (rolled back, nothing half-applied), which shows as a miss.
  const watchdog = setTimeout(() => {
    ctx.log(`import still running after ${GIVE_UP_MS / 1000} s: cancelling it`);
    void ctx.pool.query(`
      SELECT pg_cancel_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query ILIKE '%import_%_rows%'`);
  }, GIVE_UP_MS);
  try {
    await runImport(job.id);
  } finally {
    clearTimeout(watchdog);
  }
  return db.importJob.findUniqueOrThrow({
    where: { id: job.id }, select: { status: true, created: true, updated: true, unchanged: true, pending: true, errorCount: true },
  });
}

export async function importCases(ctx: BenchContext): Promise<void> {
  const rows = ctx.small ? 10_000 : 100_000;
  const tag = `bench-${randomUUID().slice(0, 8)}`;
  // Accounts of their own, each with one open opportunity (so the CSM column stamps), removed afterwards.
  await ctx.pool.query(`
    INSERT INTO accounts (external_id, name, segment)
    SELECT $1 || '-' || g, 'Bench import ' || $1 || ' ' || g, 'Bench' FROM generate_series(1, $2::int) g`, [tag, rows]);
  await ctx.pool.query(`
    INSERT INTO opportunities (account_id, name, close_date)
    SELECT id, 'Bench renewal', current_date + 90 FROM accounts WHERE external_id LIKE $1`, [`${tag}-%`]);
  await ctx.pool.query("ANALYZE accounts, opportunities");
  const people = async (profile: string) =>
    (await ctx.pool.query<{ email: string }>("SELECT email FROM users WHERE profile = $1 AND active ORDER BY email LIMIT 40", [profile])).rows.map((r) => r.email);
  const [csms, sas] = [await people("csm"), await people("sa")];
  const lines = ["account_external_id,csm,sa"];
  for (let i = 1; i <= rows; i++) lines.push(`${tag}-${i},${csms[i % csms.length]},${sas[i % sas.length]}`);
  const content = new TextEncoder().encode(`${lines.join("\n")}\n`);
  const goal = { kind: "p95", ms: 10_000 } as const;

  try {
    const outcomes: Outcome[] = [];
    const initial = await measure({ warmup: 0, runs: 1 }, async () => {
      outcomes.push(await importFile(ctx, content, `${tag}.csv`));
      return { rows };
    });
    const [first] = outcomes;
    ctx.report(timedResult("import", `import ${rows.toLocaleString("en-US")} assignment rows`, initial, goal,
      `${first.status}: ${first.created} created, ${first.updated} updated, ${first.errorCount} errors`));
    ctx.report(countResult("import", "rows rejected by the import", first.status === "succeeded" ? first.errorCount : rows,
      { kind: "equals", value: 0, unit: "rows" }));

    if (first.status !== "succeeded") return;
    let changed = 0;
    const rerun = await measure({ warmup: 0, runs: ctx.runs(3, 2) }, async () => {
      const outcome = await importFile(ctx, content, `${tag}-again.csv`);
      changed += outcome.created + outcome.updated + outcome.pending;
      return { rows };
    });
    ctx.report(timedResult("import", `re-run of the same file (idempotent)`, rerun, goal));
    ctx.report(countResult("import", "changes made by the re-runs", changed, { kind: "equals", value: 0, unit: "changes" }));
  } finally {
    await ctx.pool.query("DELETE FROM opportunities WHERE account_id IN (SELECT id FROM accounts WHERE external_id LIKE $1)", [`${tag}-%`]);
    await ctx.pool.query("DELETE FROM accounts WHERE external_id LIKE $1", [`${tag}-%`]);
  }
}
