import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client.ts";
import { runImport } from "./run-import.ts";
import type { ImportPhase } from "./schemas.ts";

export type ImportBenchResult = {
  rows: number;
  status: string;
  /** Wall time of the whole job, parse to commit, and of each phase. */
  ms: number;
  phases: Partial<Record<ImportPhase, number>>;
  /** Each step of the job in order (parse, stage, validate, lock, plan, changes, apply <role> …, commit). */
  steps: [string, number][];
  counts: { created: number; updated: number; unchanged: number; pending: number };
  stamped: number;
};

/**
 * `npm run bench`'s assignments import: `rows` accounts of its own (with external ids and one
 * open opportunity each, so the CSM column stamps), then one file giving each a CSM, an SA and a
 * pending renewal manager, imported for real (COPY, validate, apply in one transaction). Only the
 * job is timed, not the setup. Its accounts and opportunities are removed afterwards; the audit
 * trail, append-only, keeps its entries. Needs DATABASE_URL to be `databaseUrl` before the
 * database client is first used.
 */
export async function benchImportAssignments(databaseUrl: string, rows = 100_000): Promise<ImportBenchResult> {
  process.env.DATABASE_URL ??= databaseUrl;
  if (process.env.DATABASE_URL !== databaseUrl) throw new Error("benchImportAssignments: DATABASE_URL points at another database");
  const tag = `bench-${randomUUID().slice(0, 8)}`;
  const admin = await db.user.create({ data: { email: `${tag}-admin@bench.roster`, name: `Bench admin ${tag}`, profile: "admin" }, select: { id: true } });
  const people = async (profile: "csm" | "sa", count: number) => {
    await db.user.createMany({
      data: Array.from({ length: count }, (_, i) => ({ email: `${tag}-${profile}${i}@bench.roster`, name: `Bench ${profile} ${i} ${tag}`, profile })),
    });
    return Array.from({ length: count }, (_, i) => `${tag}-${profile}${i}@bench.roster`);
  };
  const csms = await people("csm", 50);
  const sas = await people("sa", 20);
  await db.$executeRaw`
    INSERT INTO accounts (external_id, name, segment)
    SELECT ${tag} || '-' || g, 'Bench account ' || g, 'Bench' FROM generate_series(1, ${rows}::int) AS g`;
  await db.$executeRaw`
    INSERT INTO opportunities (account_id, name)
    SELECT id, 'Bench deal' FROM accounts WHERE external_id LIKE ${`${tag}-%`}`;

  let file = "account_external_id,csm,sa,renewal_manager\n";
  for (let i = 1; i <= rows; i++) file += `${tag}-${i},${csms[i % csms.length]},${sas[i % sas.length]},${i % 10 === 0 ? `later${i % 7}-${tag}@bench.roster` : ""}\n`;
  const job = await db.importJob.create({
    data: { kind: "assignments", dryRun: false, content: new TextEncoder().encode(file), fileName: `${tag}.csv`, createdBy: admin.id },
    select: { id: true, batchId: true },
  });

  const phases: Partial<Record<ImportPhase, number>> = {};
  let phase: ImportPhase = "queued";
  let since = Date.now();
  const started = since;
  const watching = setInterval(() => {
    void db.importJob.findUnique({ where: { id: job.id }, select: { phase: true } }).then((row) => {
      const next = row?.phase as ImportPhase | undefined;
      if (next && next !== phase) {
        phases[phase] = (phases[phase] ?? 0) + Date.now() - since;
        phase = next;
        since = Date.now();
      }
    });
  }, 25);
  const steps: [string, number][] = [];
  try {
    await runImport(job.id, { onLap: (step, ms) => steps.push([step, ms]) });
  } finally {
    clearInterval(watching);
  }
  const ms = Date.now() - started;
  phases[phase] = (phases[phase] ?? 0) + Date.now() - since;
  delete phases.queued;
  delete phases.done;

  const done = await db.importJob.findUniqueOrThrow({ where: { id: job.id } });
  const [{ stamped }] = await db.$queryRaw<{ stamped: number }[]>`
    SELECT count(*)::int AS stamped FROM audit_entries WHERE batch_id = ${job.batchId}::uuid AND source = 'stamp'`;

  await db.$executeRaw`DELETE FROM opportunities WHERE account_id IN (SELECT id FROM accounts WHERE external_id LIKE ${`${tag}-%`})`;
  await db.$executeRaw`DELETE FROM accounts WHERE external_id LIKE ${`${tag}-%`}`;
  return {
    rows, status: done.status, ms, phases, steps,
    counts: { created: done.created, updated: done.updated, unchanged: done.unchanged, pending: done.pending },
    stamped,
  };
}
