import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";
import { importKindsFor } from "./access.ts";
import type { ImportColumn, ImportDetail, ImportPhase, ImportView, ListImportsQuery, PreviewRow, RowError } from "./schemas.ts";

export const importSelect = {
  id: true, kind: true, dryRun: true, status: true, phase: true, fileName: true, total: true, processed: true, created: true,
  updated: true, unchanged: true, pending: true, errors: true, errorCount: true, skipInvalidRows: true, invalidRows: true, columns: true, batchId: true, sourceImportId: true,
  createdAt: true, startedAt: true, finishedAt: true, creator: { select: { id: true, name: true } },
} satisfies Prisma.ImportJobSelect;

type Row = Prisma.ImportJobGetPayload<{ select: typeof importSelect }>;

export function toImportView(row: Row): ImportView {
  const { creator, errors, columns, phase, createdAt, startedAt, finishedAt, ...rest } = row;
  return {
    ...rest,
    phase: phase as ImportPhase,
    errors: errors as RowError[],
    columns: columns as ImportColumn[],
    createdBy: creator,
    createdAt: createdAt.toISOString(),
    startedAt: startedAt?.toISOString() ?? null,
    finishedAt: finishedAt?.toISOString() ?? null,
  };
}

/** Imports are visible to whoever may run that kind: a CSM manager sees assignment imports only. */
const visibleTo = (actor: Actor): Prisma.ImportJobWhereInput => ({ kind: { in: importKindsFor(actor) } });

/**
 * `GET /imports/{id}`: the job with its progress, counts, errors and row-by-row preview. An import
 * that exists but is of a kind this person may not run is "forbidden", not "not found": the link
 * was right, the profile is what stops them (issue 21's 403).
 */
export async function getImport(actor: Actor, id: string): Promise<ImportDetail> {
  if (importKindsFor(actor).length === 0) throw new DomainError("forbidden", "Your profile may not run imports.");
  const row = await db.importJob.findFirst({ where: { id }, select: { ...importSelect, preview: true } });
  if (!row) throw notFound("Import");
  if (!importKindsFor(actor).includes(row.kind)) throw new DomainError("forbidden", "Your profile may not see this kind of import.");
  const { preview, ...view } = row;
  return { ...toImportView(view), preview: preview as PreviewRow[] };
}

/** `GET /imports`: the most recent imports, newest first. */
export async function listImports(actor: Actor, query: ListImportsQuery): Promise<{ items: ImportView[] }> {
  if (importKindsFor(actor).length === 0) throw new DomainError("forbidden", "Your profile may not run imports.");
  const rows = await db.importJob.findMany({
    where: { ...visibleTo(actor), ...(query.kind ? { kind: query.kind } : {}) },
    select: importSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
  });
  return { items: rows.map(toImportView) };
}
