import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Prisma } from "@/lib/db/generated/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";
import { enqueue } from "@/lib/jobs/queue.ts";
import { authorizeImport } from "./access.ts";
import { importSelect, toImportView } from "./queries.ts";
import { runImport } from "./run-import.ts";
import { type ColumnMapping, type ImportKind, type ImportView, MAX_IMPORT_BYTES } from "./schemas.ts";

export type StartImportInput = {
  kind: ImportKind;
  dryRun: boolean;
  content: Uint8Array;
  fileName?: string | null;
  mapping?: ColumnMapping | null;
  /** Apply the valid rows, skip the bad ones; all or nothing when left out. */
  skipInvalidRows?: boolean;
};

/**
 * Hands the job to the queue. Where this process runs no worker (ROSTER_WORKER=off), it runs the
 * import itself in the background instead: someone is watching its progress bar. The job's claim
 * makes sure it runs once either way.
 */
export async function dispatchImport(importId: string): Promise<void> {
  if (process.env.ROSTER_WORKER === "off") {
    void runImport(importId).catch((error) => console.error(`[roster] import ${importId} failed`, error));
    return;
  }
  await enqueue("import", { importId }, { maxAttempts: 1, jobKey: `import:${importId}` });
}

/** `POST /imports`: stores the file, queues the job and answers at once (202); the job does the rest. */
export async function startImport(
  { actor }: ActorContext,
  input: StartImportInput,
  { dispatch = dispatchImport }: { dispatch?: (importId: string) => Promise<void> } = {},
): Promise<ImportView> {
  authorizeImport(actor, input.kind);
  if (input.content.byteLength === 0) throw new DomainError("invalid_request", "The file is empty.", { fields: { file: "The file is empty." } });
  if (input.content.byteLength > MAX_IMPORT_BYTES) {
    throw new DomainError("invalid_request", `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it into smaller files.`, {
      fields: { file: "Too large." },
    });
  }
  if (input.dryRun && input.skipInvalidRows) {
    throw new DomainError("invalid_request", "A dry run changes nothing, so it has no rows to skip; skip them when you apply.", {
      fields: { skipInvalidRows: "Only with dryRun=false." },
    });
  }
  const job = await db.importJob.create({
    data: {
      kind: input.kind,
      dryRun: input.dryRun,
      skipInvalidRows: input.skipInvalidRows ?? false,
      content: new Uint8Array(input.content),
      fileName: input.fileName?.slice(0, 255) ?? null,
      mapping: (input.mapping ?? undefined) as Prisma.InputJsonValue | undefined,
      createdBy: actor.id,
    },
    select: importSelect,
  });
  await dispatch(job.id);
  return toImportView(job);
}

/**
 * `POST /imports/{id}/apply`: applies exactly what a clean dry run checked, the same file with
 * the same mapping, as a new job. It is validated again as it runs: the data may have moved since.
 * With `skipInvalidRows`, a dry run that needs fixes can be applied too: its valid rows only.
 */
export async function applyDryRun(
  context: ActorContext,
  dryRunId: string,
  options?: { dispatch?: (importId: string) => Promise<void>; skipInvalidRows?: boolean },
): Promise<ImportView> {
  const source = await db.importJob.findFirst({
    where: { id: dryRunId },
    select: { id: true, kind: true, dryRun: true, status: true, content: true, fileName: true, mapping: true, total: true, invalidRows: true },
  });
  if (!source) throw notFound("Import");
  authorizeImport(context.actor, source.kind);
  const skip = options?.skipInvalidRows ?? false;
  // Rows can be skipped only where the dry run found row errors and at least one valid row.
  const skippable = source.status === "failed" && source.invalidRows > 0 && source.invalidRows < source.total;
  if (!source.dryRun || !source.content || !(source.status === "succeeded" || (skip && skippable))) {
    throw new DomainError("invalid_transition", skip
      ? "Only a dry run whose problems are in rows, with some rows valid, can be applied skipping the bad ones."
      : "Only a dry run that finished without errors can be applied; or choose to skip the bad rows.");
  }
  const view = await startImport(context, {
    kind: source.kind, dryRun: false, content: source.content, fileName: source.fileName, mapping: source.mapping as ColumnMapping | null,
    skipInvalidRows: skip,
  }, { dispatch: async () => {} });
  await db.importJob.update({ where: { id: view.id }, data: { sourceImportId: source.id }, select: { id: true } });
  await (options?.dispatch ?? dispatchImport)(view.id);
  return { ...view, sourceImportId: source.id };
}
