import type { Task } from "graphile-worker";
import { expireQueuedImport } from "@/lib/domain/imports/fail-abandoned-imports.ts";
import { runImport } from "@/lib/domain/imports/run-import.ts";

/** An import is checked against the data of the moment; one that waited longer is not applied. */
export const IMPORT_MAX_WAIT_HOURS = 24;

/**
 * Runs a queued import. It reports its own outcome on the import job (failed with errors, or
 * succeeded), so it never throws for a bad file: a retry would only fail the same way. The job
 * is queued with a single attempt and a key, and an import that is not `queued` cannot be
 * claimed, so a job freed after its worker died never applies the file again.
 */
export const importTask: Task = async (rawPayload) => {
  const importId = (rawPayload as { importId?: unknown } | null)?.importId;
  if (typeof importId !== "string") return;
  if (await expireQueuedImport(importId, IMPORT_MAX_WAIT_HOURS)) return;
  await runImport(importId);
};
