import type { Task } from "graphile-worker";
import { runImport } from "@/lib/domain/imports/run-import.ts";

/**
 * Runs a queued import. It reports its own outcome on the import job (failed with errors, or
 * succeeded), so it never throws for a bad file: a retry would only fail the same way.
 */
export const importTask: Task = async (rawPayload) => {
  const importId = (rawPayload as { importId?: unknown } | null)?.importId;
  if (typeof importId !== "string") return;
  await runImport(importId);
};
