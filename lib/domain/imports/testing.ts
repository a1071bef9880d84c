import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { asContext } from "@/test/factories.ts";
import { getImport } from "./queries.ts";
import { runImport } from "./run-import.ts";
import type { ColumnMapping, ImportKind } from "./schemas.ts";
import { applyDryRun, startImport } from "./start-import.ts";

/** Runs an import to its end in this process (no queue) and returns the finished job. */
export async function importFile(
  actor: Actor,
  kind: ImportKind,
  content: string | Uint8Array,
  options: { dryRun?: boolean; mapping?: ColumnMapping; fileName?: string } = {},
) {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const job = await startImport(asContext(actor), {
    kind, dryRun: options.dryRun ?? false, content: bytes, fileName: options.fileName ?? `${kind}.csv`, mapping: options.mapping,
  }, { dispatch: async () => {} });
  await runImport(job.id);
  return getImport(actor, job.id);
}

/** Applies a finished dry run as the page's Apply does, and runs the new job to its end here. */
export async function applyFile(actor: Actor, dryRunId: string, options: { skipInvalidRows?: boolean } = {}) {
  const job = await applyDryRun(asContext(actor), dryRunId, { dispatch: async () => {}, ...options });
  await runImport(job.id);
  return getImport(actor, job.id);
}

/** Every audit entry of an import's batch. */
export function auditOfBatch(batchId: string) {
  return db.auditEntry.findMany({ where: { batchId }, orderBy: { id: "asc" } });
}

export const csv = (...lines: string[]) => `${lines.join("\r\n")}\r\n`;
