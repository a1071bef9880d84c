import { z } from "zod";

/** The limits of one file; the README states them too. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;
/** Row errors and preview rows kept on the job; the counts always cover every row. */
export const MAX_LISTED_ERRORS = 5_000;
export const MAX_PREVIEW_ROWS = 1_000;

export const IMPORT_KINDS = ["accounts", "opportunities", "assignments"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const importKindSchema = z.enum(IMPORT_KINDS, { message: `One of ${IMPORT_KINDS.join(", ")}.` });

export const IMPORT_PHASES = ["queued", "parse", "stage", "validate", "apply", "done"] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

export const ROW_ACTIONS = ["created", "updated", "unchanged", "pending", "rejected"] as const;
export type RowAction = (typeof ROW_ACTIONS)[number];

const flag = z.enum(["true", "false"], { message: "true or false." }).transform((value) => value === "true");

/**
 * How the columns of a file map onto what an import understands: one target per column, in
 * order, or header → target. A target is a field (`externalId`, `name`, …), `role:<key>` for an
 * assignment column, or "" to ignore the column. Leave it out to recognise the headers.
 */
export const columnMappingSchema = z.union([
  z.array(z.string().max(60)).max(500),
  z.record(z.string().max(500), z.string().max(60)),
]);
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** Off by default: a file is applied all or nothing unless someone chooses to skip its bad rows. */
const skipInvalidRows = flag.default(false).describe(
  "true: apply the valid rows and skip the rows with errors (listed in `errors`, counted in `invalidRows`); false (default): all or nothing.",
);

export const startImportQuery = z.object({
  kind: importKindSchema,
  dryRun: flag.default(false),
  skipInvalidRows,
});

export const applyImportQuery = z.object({ skipInvalidRows });

export const listImportsQuery = z.object({
  kind: importKindSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListImportsQuery = z.infer<typeof listImportsQuery>;

export const rowErrorSchema = z.object({
  row: z.number().int().describe("1 = the first data row; 0 = the header or the file as a whole"),
  column: z.string().optional(),
  message: z.string(),
});
export type RowError = z.infer<typeof rowErrorSchema>;

export const previewRowSchema = z.object({
  row: z.number().int(),
  key: z.string().nullable(),
  action: z.enum(ROW_ACTIONS),
  reason: z.string(),
});
export type PreviewRow = z.infer<typeof previewRowSchema>;

export const importColumnSchema = z.object({ header: z.string(), target: z.string() });
export type ImportColumn = z.infer<typeof importColumnSchema>;

export const importOutput = z.object({
  id: z.string(),
  kind: importKindSchema,
  dryRun: z.boolean(),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  phase: z.enum(IMPORT_PHASES),
  fileName: z.string().nullable(),
  total: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  pending: z.number().int(),
  errors: z.array(rowErrorSchema),
  errorCount: z.number().int(),
  skipInvalidRows: z.boolean().describe("The job applies the valid rows and skips the bad ones, instead of all or nothing."),
  invalidRows: z.number().int().describe("Rows with errors: found by a dry run (what skipping would leave out), or skipped by an apply."),
  columns: z.array(importColumnSchema),
  batchId: z.string(),
  sourceImportId: z.string().nullable(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ImportView = z.infer<typeof importOutput>;

export const importDetailOutput = importOutput.extend({ preview: z.array(previewRowSchema) });
export type ImportDetail = z.infer<typeof importDetailOutput>;

export const importListOutput = z.object({ items: z.array(importOutput) });

/** What the page needs to offer a mapping: each column's suggested target and the choices. */
export type MappingTarget = { value: string; label: string; required: boolean };
export type MappingSuggestion = {
  targets: MappingTarget[];
  columns: { header: string; target: string }[];
  errors: RowError[];
};

export const suggestMappingInput = z.object({
  kind: importKindSchema,
  headers: z.array(z.string().max(500)).min(1).max(500),
});
