import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import type { StagingTable } from "../copy-rows.ts";
import type { RoleRef } from "../mapping.ts";
import type { ImportColumn, PreviewRow, RowError } from "../schemas.ts";

export type ImportContext = {
  importId: string;
  actor: Actor;
  /** Every audit entry the import writes carries it (import_jobs.batch_id). */
  batchId: string;
  columns: ImportColumn[];
  /** Column position of each mapped target. */
  index: Map<string, number>;
  roles: RoleRef[];
  /** Moves the progress bar: `done` of `steps` of the current phase. */
  progress: (done: number, steps: number) => Promise<void>;
  /** Marks the end of a step, for the bench's timings. */
  lap: (step: string) => void;
  /**
   * What the audit trail says the changes came from: a file (`import`, the default) or the
   * Salesforce sync's inbound load, which reuses these kinds (lib/domain/salesforce/apply-inbound.ts).
   */
  source?: "import" | "salesforce";
  /** Written on every audit entry of the apply: why these changes came with rows left out. */
  reason?: string | null;
};

export type Counts = { created: number; updated: number; unchanged: number; pending: number };
export type Plan = { counts: Counts; preview: PreviewRow[] };

/** A row error found in SQL: `target` is the mapped field (or role), turned into its header later. */
export type SqlRowError = { row: number; target: string | null; message: string };

/**
 * One kind of import, in the order the runner calls it: `stage` encodes and COPYs the rows
 * (syntax errors come back), then in one transaction `validate` resolves references and finds
 * row errors, `lock` row-locks what will change, `plan` says row by row what happens, and
 * `apply` does it with set-based statements.
 */
export type KindImport = {
  /**
   * Plan without nested loops: the kind's statements join staged rows, whose statistics predate
   * resolving their references, to whole tables, and a misjudged count makes a nested loop
   * quadratic. The assignments kind resolves into an analyzed table instead and needs no such help.
   */
  avoidNestedLoops: boolean;
  /** Where `stage` puts the rows (one per row number, or per cell): skipping a bad row deletes it there. */
  staging: StagingTable;
  stage(context: ImportContext, rows: string[][]): Promise<RowError[]>;
  validate(tx: Tx, context: ImportContext): Promise<SqlRowError[]>;
  lock(tx: Tx, context: ImportContext): Promise<void>;
  plan(tx: Tx, context: ImportContext, previewRows: number): Promise<Plan>;
  apply(tx: Tx, context: ImportContext): Promise<void>;
};

export const cellOf = (row: string[], index: number | undefined) => (index === undefined ? "" : (row[index] ?? ""));

/** The counts and preview rows a plan query returns as JSON. */
export function toPlan(raw: { counts: Record<string, number> | null; preview: PreviewRow[] | null } | undefined): Plan {
  const counts = raw?.counts ?? {};
  return {
    counts: { created: counts.created ?? 0, updated: counts.updated ?? 0, unchanged: counts.unchanged ?? 0, pending: counts.pending ?? 0 },
    preview: raw?.preview ?? [],
  };
}

export const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/** In a window `w` over the rows that share a key: the first six row numbers, to name in a conflict. */
export const FIRST_ROWS = Prisma.raw(`array_remove(ARRAY[${[1, 2, 3, 4, 5, 6].map((k) => `nth_value(row_no, ${k}) OVER w`).join(", ")}], NULL)`);
