import "server-only";
import { accountExportQuery, opportunityExportQuery } from "@/lib/domain/exports/schemas.ts";
import {
  applyImportQuery, importDetailOutput, importListOutput, importOutput, listImportsQuery, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, MAX_LISTED_ERRORS,
  MAX_PREVIEW_ROWS, startImportQuery,
} from "@/lib/domain/imports/schemas.ts";
import type { Operation } from "./types.ts";

const limits = `At most ${MAX_IMPORT_BYTES / 1024 / 1024} MB and ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows per file.`;

export const importOperations: Operation[] = [
  {
    method: "post", path: "/imports", tag: "Imports",
    summary: "Start a CSV import (accounts, opportunities: admin, sales_ops, integration; assignments: also csm_manager)",
    description:
      "Body: the CSV as `text/csv` (optional `X-File-Name` header; optional `mapping` query parameter, JSON), or `multipart/form-data` " +
      "with the field `file` (and optionally `mapping`). UTF-8 only (a BOM is fine), any line ending, RFC 4180 quoting. " +
      `${limits} Headers are recognised case- and space-insensitively, including a Salesforce report's (Account ID, Account Name, ` +
      "Parent Account ID, Opportunity ID, Opportunity Name, Stage, Amount, Close Date, Customer Success Manager, Solutions Architect …); " +
      "`mapping` overrides them: an array of targets by column position, or an object header → target (\"\" skips a column; roles are " +
      "`role:<key>`). Answers 202 with the queued job; poll `GET /imports/{id}`. Any row error fails the whole file with every error " +
      `listed (the first ${MAX_LISTED_ERRORS.toLocaleString("en-US")}; \`errorCount\` has them all) and nothing written — unless ` +
      "`skipInvalidRows=true` (off by default; not with a dry run): then the valid rows are applied through the same rules, the rows " +
      "with errors are skipped and stay listed in `errors`, `invalidRows` says how many (a row that needed a skipped one, such as a " +
      "child whose new parent was skipped, is skipped too), and every audit entry of the import gives that as its reason. " +
      "Applied imports are audited with source `import` and the job's `batchId`. Re-importing the same file changes nothing.",
    query: startImportQuery, response: importOutput, status: 202,
  },
  {
    method: "get", path: "/imports", tag: "Imports", summary: "Recent imports, newest first",
    description: "Only the kinds the caller may run.",
    query: listImportsQuery, response: importListOutput,
  },
  {
    method: "get", path: "/imports/{id}", tag: "Imports", summary: "An import: status, progress, counts, errors and a row-by-row preview",
    description:
      "403 for an import of a kind the caller may not run (a csm_manager sees assignment imports only), 404 for one that does not exist. " +
      "`processed` of `total` moves while it runs (`phase`: parse, stage, validate, apply). `preview` says for each row (rejected and " +
      `changed rows first, at most ${MAX_PREVIEW_ROWS.toLocaleString("en-US")}) whether it is created, updated, unchanged, pending or rejected, and why.`,
    response: importDetailOutput,
  },
  {
    method: "post", path: "/imports/{id}/apply", tag: "Imports", summary: "Apply a dry run: the same file with the same mapping, as a new job",
    description:
      "A dry run that succeeded can be applied; one that needs fixes only with `skipInvalidRows=true`, when its problems are in rows " +
      "(`invalidRows` > 0) and some rows are valid: its valid rows are applied and its bad rows skipped. Validated again as it runs. " +
      "Answers 202 with the new job; 403 for an import of a kind the caller may not run, 404 for one that does not exist.",
    query: applyImportQuery, response: importOutput, status: 202,
  },
  {
    method: "get", path: "/accounts.csv", tag: "Exports", summary: "Every account the filters match, with its team, as CSV",
    description:
      "The accounts table's filters. Columns: id, external_id, name, parent_external_id, parent_name, segment, region, arr, " +
      "csm_inheritance, open_opportunities, then for each role its holder's email (a pending email while it waits) and name — the " +
      "columns the accounts and assignments imports read back. Streamed; spreadsheet-safe (text starting with =, +, -, @, tab or CR gets a leading ').",
    query: accountExportQuery, produces: "text/csv",
  },
  {
    method: "get", path: "/opportunities.csv", tag: "Exports", summary: "Every opportunity the filters match, with its CSM and SAs, as CSV",
    description: "The opportunities table's filters, newest first. Streamed; spreadsheet-safe.",
    query: opportunityExportQuery, produces: "text/csv",
  },
];
