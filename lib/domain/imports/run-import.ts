import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import { loadActor } from "@/lib/auth/actor.ts";
import { can } from "@/lib/auth/permissions.ts";
import { allRoles } from "@/lib/domain/roles/queries.ts";
import { importPermission } from "./access.ts";
import { whenDatabaseIsBack } from "@/lib/db/retry.ts";
import { isDatabaseUnavailable } from "@/lib/errors/database-unavailable.ts";
import { notifyImportOutcome } from "@/lib/domain/notifications/deliver-drafts.ts";
import { clearStaging } from "./copy-rows.ts";
import { claimImport, guardLease, heldByMe, keepLease, LeaseLost } from "./import-lease.ts";
import { decodeCsv, widthErrors } from "./decode.ts";
import { accountsImport } from "./kinds/accounts.ts";
import { assignmentsImport } from "./kinds/assignments.ts";
import { opportunitiesImport } from "./kinds/opportunities.ts";
import type { ImportContext, KindImport, Plan, SqlRowError } from "./kinds/types.ts";
import { columnIndex, resolveColumns } from "./mapping.ts";
import {
  type ColumnMapping, type ImportKind, type ImportPhase, MAX_LISTED_ERRORS, MAX_PREVIEW_ROWS, type PreviewRow, type RowError,
} from "./schemas.ts";

const KINDS: Record<ImportKind, KindImport> = {
  accounts: accountsImport,
  opportunities: opportunitiesImport,
  assignments: assignmentsImport,
};

/** A whole import is one transaction; 200,000 rows with stamping can take minutes on a slow disk. */
const IMPORT_TX = { timeout: 15 * 60_000, maxWait: 60_000 } as const;

async function bulkPlanning(tx: Prisma.TransactionClient, kind: KindImport): Promise<void> {
  if (kind.avoidNestedLoops) await tx.$executeRaw`SET LOCAL enable_nestloop = off`;
}

/** How far along the bar each phase starts: staging is most of the wall time, then applying. */
const PHASE_START: Record<ImportPhase, number> = { queued: 0, parse: 0, stage: 0.05, validate: 0.4, apply: 0.55, done: 1 };
const PHASE_END: Record<ImportPhase, number> = { queued: 0, parse: 0.05, stage: 0.4, validate: 0.55, apply: 1, done: 1 };

/** Thrown inside the import's transaction to roll it back when a row is wrong. */
class Rejected extends Error {
  constructor(readonly checked: Checked, readonly plan: Plan) {
    super("rejected");
  }
}

function progressReporter(importId: string, total: () => number) {
  let phase: ImportPhase = "parse";
  let last = 0;
  let lastWrite = 0;
  return {
    async enter(next: ImportPhase) {
      phase = next;
      // `select`, here and below: an update returns the row, and the row holds the whole file.
      await db.importJob.updateMany({ where: heldByMe(importId), data: { phase: next, processed: Math.round(total() * PHASE_START[next]) } });
    },
    async step(done: number, steps: number) {
      const start = PHASE_START[phase];
      const processed = Math.round(total() * (start + (PHASE_END[phase] - start) * Math.min(1, steps ? done / steps : 1)));
      // At most a few writes a second: the bar is polled every half second anyway.
      if (processed === last || Date.now() - lastWrite < 200) return;
      last = processed;
      lastWrite = Date.now();
      await db.importJob.updateMany({ where: heldByMe(importId), data: { processed } });
    },
  };
}
/** Every error sorted by row; SQL errors name the column by its header. */
function allErrors(context: Pick<ImportContext, "columns">, jsErrors: RowError[], sqlErrors: SqlRowError[]): RowError[] {
  const header = new Map(context.columns.filter((column) => column.target).map((column) => [column.target, column.header]));
  return [
    ...jsErrors,
    ...sqlErrors.map(({ row, target, message }) => {
      const column = target ? header.get(target) : undefined;
      return column ? { row: Number(row), column, message } : { row: Number(row), message };
    }),
  ].sort((a, b) => a.row - b.row);
}

/** What a check found: the first MAX_LISTED_ERRORS errors, how many in all, and how many rows they are on. */
type Checked = { errors: RowError[]; errorCount: number; invalidRows: number };

function summarize(all: RowError[]): Checked {
  const rows = new Set(all.map((error) => error.row));
  // A file-level problem (row 0: the header, the file) cannot be skipped: no row count is offered.
  const invalidRows = rows.has(0) ? 0 : rows.size;
  return { errors: all.slice(0, MAX_LISTED_ERRORS), errorCount: all.length, invalidRows };
}

/**
 * Each pass can only find rows that needed ones skipped before (a child, then its own child, of a
 * skipped new parent): as many passes as the file's new hierarchy is deep. Past this many the
 * import fails as all or nothing would, rather than validate 200,000 rows again and again.
 */
const MAX_SKIP_PASSES = 20;

/**
 * Validates the staged rows. With `skip`, a bad row is deleted from staging, so plan and apply
 * never see it, and what is left is validated again: a row can depend on a skipped one (a child
 * whose new parent was in a bad row), and it is then bad too. Ends clean, or with `skipped: false`
 * when rows cannot be skipped (a file-level problem, or no valid row left).
 */
async function check(
  tx: Prisma.TransactionClient, kind: KindImport, context: ImportContext, jsErrors: RowError[], total: number, skip: boolean,
): Promise<Checked & { skipped: boolean }> {
  let found = allErrors(context, jsErrors, await kind.validate(tx, context));
  if (!skip || found.length === 0) return { ...summarize(found), skipped: false };
  for (let pass = 0; pass < MAX_SKIP_PASSES; pass++) {
    const summary = summarize(found);
    if (summary.invalidRows === 0 || summary.invalidRows >= total) return { ...summary, skipped: false };
    const bad = [...new Set(found.map((error) => error.row))];
    await tx.$executeRaw`DELETE FROM ${Prisma.raw(kind.staging)} WHERE import_id = ${context.importId}::uuid AND row_no = ANY(${bad}::int[])`;
    const more = allErrors(context, [], await kind.validate(tx, context));
    if (more.length === 0) return { ...summary, skipped: true };
    found = [...found, ...more].sort((a, b) => a.row - b.row);
  }
  return { ...summarize(found), skipped: false };
}

const rowsWord = (n: number) => (n === 1 ? "1 bad row" : `${n.toLocaleString("en-US")} bad rows`);

/** Rejected rows first, then what the plan says of the others, MAX_PREVIEW_ROWS in all. */
function previewWithRejections(errors: RowError[], plan: Plan | null): PreviewRow[] {
  const rejected = new Map<number, string[]>();
  for (const error of errors) {
    if (error.row === 0) continue;
    const reasons = rejected.get(error.row) ?? [];
    reasons.push(error.column ? `${error.column}: ${error.message}` : error.message);
    rejected.set(error.row, reasons);
  }
  const keys = new Map((plan?.preview ?? []).map((row) => [row.row, row.key]));
  const rows: PreviewRow[] = [...rejected].slice(0, MAX_PREVIEW_ROWS).map(([row, reasons]) => ({
    row, key: keys.get(row) ?? null, action: "rejected", reason: reasons.join(" "),
  }));
  for (const row of plan?.preview ?? []) {
    if (rows.length >= MAX_PREVIEW_ROWS) break;
    if (!rejected.has(row.row)) rows.push(row);
  }
  return rows;
}

/**
 * Records the failure, only while this worker still holds the import (else the reaper already
 * has). Retried until the database is back: a failure caused by an outage must outlive it.
 */
async function fail(importId: string, errors: RowError[], errorCount = errors.length, preview: PreviewRow[] = [], invalidRows = 0) {
  await whenDatabaseIsBack(() => db.importJob.updateMany({
    where: heldByMe(importId),
    data: {
      status: "failed", phase: "done", finishedAt: new Date(), errors: errors as Prisma.InputJsonValue, errorCount, invalidRows,
      preview: preview as Prisma.InputJsonValue, created: 0, updated: 0, unchanged: 0, pending: 0, leaseExpiresAt: null,
    },
  }), { label: `recording the failure of import ${importId}` });
}

/**
 * Runs one import job end to end: parse, COPY into staging, then validate and (unless a dry run)
 * apply in one transaction, all or nothing by default: any row error fails the job with every
 * error listed and nothing written. A job that asked to skip bad rows applies the valid ones and
 * keeps the bad ones listed. Called by the queue's "import" task; safe to call twice.
 */
export async function runImport(importId: string, { onLap }: { onLap?: (step: string, ms: number) => void } = {}): Promise<void> {
  let lapStart = Date.now();
  const lap = (step: string) => {
    onLap?.(step, Date.now() - lapStart);
    lapStart = Date.now();
  };
  const job = await claimImport(importId);
  if (!job) return; // taken, finished or failed already: an import never runs twice
  const lease = keepLease(importId);
  let total = 0;
  const progress = progressReporter(importId, () => total);
  try {
    const actor = job.createdBy ? await loadActor(job.createdBy) : null;
    if (!actor || !can(actor.profile, importPermission(job.kind))) {
      return await fail(importId, [{ row: 0, message: "The person who started this import may no longer run it." }]);
    }
    const decoded = await decodeCsv(job.content ?? new Uint8Array(), (fraction) => progress.step(fraction, 1));
    if (!decoded.ok) return await fail(importId, decoded.errors);
    const { header, rows } = decoded.csv;
    const roles = (await allRoles()).map(({ key, label }) => ({ key, label }));
    const resolved = resolveColumns(job.kind, header, roles, job.mapping as ColumnMapping | null);
    total = rows.length;
    await db.importJob.updateMany({ where: heldByMe(importId), data: { total, columns: resolved.columns } });
    if (resolved.errors.length > 0) return await fail(importId, resolved.errors);
    const width = widthErrors(decoded.csv);
    if (width.length > 0) return await fail(importId, width.slice(0, MAX_LISTED_ERRORS), width.length);

    const kind = KINDS[job.kind];
    const context: ImportContext = {
      importId, actor, batchId: job.batchId, columns: resolved.columns, index: columnIndex(resolved.columns), roles,
      progress: (done, steps) => progress.step(done, steps), lap,
    };
    lap("parse");
    await progress.enter("stage");
    const jsErrors = await kind.stage(context, rows);
    lap("stage");
    await progress.enter("validate");

    if (job.dryRun) {
      const { checked, plan } = await db.$transaction(async (tx) => {
        await guardLease(tx, importId);
        await bulkPlanning(tx, kind);
        const checked = await check(tx, kind, context, jsErrors, total, false);
        lap("validate");
        const plan = await kind.plan(tx, context, MAX_PREVIEW_ROWS);
        lap("plan");
        return { checked, plan };
      }, IMPORT_TX);
      if (checked.errorCount > 0) {
        return await fail(importId, checked.errors, checked.errorCount, previewWithRejections(checked.errors, plan), checked.invalidRows);
      }
      return await db.$transaction(async (tx) => {
        await guardLease(tx, importId);
        await succeed(importId, total, plan, tx);
      });
    }

    await db.$transaction(async (tx) => {
      await guardLease(tx, importId);
      await bulkPlanning(tx, kind);
      const checked = await check(tx, kind, context, jsErrors, total, job.skipInvalidRows);
      lap("validate");
      if (checked.errorCount > 0 && !checked.skipped) throw new Rejected(checked, await kind.plan(tx, context, MAX_PREVIEW_ROWS));
      // Every change of an apply that left rows out says so in the history, with how many.
      if (checked.skipped) context.reason = `Imported from ${job.fileName ?? "a file"} with ${rowsWord(checked.invalidRows)} skipped.`;
      await kind.lock(tx, context);
      lap("lock");
      const plan = await kind.plan(tx, context, MAX_PREVIEW_ROWS);
      lap("plan");
      await progress.enter("apply");
      await kind.apply(tx, context);
      // The file is no longer needed once applied; a dry run keeps it for the apply that follows.
      // Skipped rows stay listed, with their problems, for the errors CSV.
      await succeed(importId, total, { ...plan, preview: previewWithRejections(checked.errors, plan) }, tx, {
        content: null, ...(checked.skipped ? { errors: checked.errors as Prisma.InputJsonValue, errorCount: checked.errorCount, invalidRows: checked.invalidRows } : {}),
      });
    }, IMPORT_TX);
    lap("commit");
  } catch (error) {
    if (error instanceof Rejected) {
      const { errors, errorCount, invalidRows } = error.checked;
      return await fail(importId, errors, errorCount, previewWithRejections(errors, error.plan), invalidRows);
    }
    if (error instanceof LeaseLost) {
      console.error(`[roster] import ${importId}: stopped, its lease was taken over (it is marked failed)`);
      return;
    }
    const ref = randomUUID().slice(0, 8);
    if (isDatabaseUnavailable(error)) {
      console.error(`[roster] import ${importId}: the database became unreachable ref=${ref}`);
      return await fail(importId, [{ row: 0, message: `The database became unreachable during the import (ref ${ref}); nothing was changed. Run it again.` }]);
    }
    console.error(`[roster] import ${importId} failed ref=${ref}`, error);
    await fail(importId, [{ row: 0, message: `The import stopped on an unexpected error (ref ${ref}); nothing was changed.` }]);
  } finally {
    lease.stop();
    await clearStaging(importId).catch((error) => console.error(`[roster] could not clear staging of import ${importId}`, error));
    await notifyImportOutcome(importId).catch((error) => console.error(`[roster] could not notify the outcome of import ${importId}`, error));
  }
}

/** Inside a transaction that began with `guardLease`, so the import is still this worker's. */
async function succeed(importId: string, total: number, plan: Plan, tx: Prisma.TransactionClient, extra: Prisma.ImportJobUpdateInput = {}) {
  await tx.importJob.update({
    where: { id: importId },
    data: {
      leaseExpiresAt: null,
      status: "succeeded", phase: "done", processed: total, finishedAt: new Date(), ...plan.counts,
      preview: plan.preview as Prisma.InputJsonValue, errors: [], errorCount: 0, invalidRows: 0, ...extra,
    },
    select: { id: true }, // never read the file back
  });
}
