import "server-only";
import { auditPageOutput, listAuditQuery } from "@/lib/domain/audit/schemas.ts";
import {
  compApprovalDetailOutput, compApprovalListOutput, compApprovalOutput, compDiffOutput, compPeriodInput, compRowsOutput, compRowsQuery,
  listCompApprovalsQuery,
} from "@/lib/domain/comp/schemas.ts";
import { reconcileInput, reconcileOutput } from "@/lib/domain/reconcile/schemas.ts";
import { workloadOutput, workloadQuery } from "@/lib/domain/workload/schemas.ts";
import type { Operation } from "./types.ts";

export const reportingOperations: Operation[] = [
  {
    method: "get", path: "/audit", tag: "Audit", summary: "Read the audit trail, newest first (keyset pages)",
    description:
      "Filter by `entityType` (and `entityId`, which needs `entityType`). Pass `nextCursor` back as `cursor` for the next page. " +
      "Entries are append-only: the database refuses to update, delete or truncate them.",
    query: listAuditQuery, response: auditPageOutput,
  },
  {
    method: "post", path: "/reconcile", tag: "Reconcile", summary: "Find and repair opportunities whose CSM drifted from their account's (privileged)",
    description:
      "Checks every open, non-overridden, non-merged opportunity against its account's CSM holder. Unless `dryRun`, stamps the " +
      "mismatches in one transaction, audited with source `reconcile` and one `batchId`. `mismatches` lists at most 1000; " +
      "`mismatchCount` is the full number. With `async: true` the run is queued and the answer is 202 `{jobId}`. " +
      "The same job runs daily on the worker (ROSTER_RECONCILE_CRON).",
    body: reconcileInput, response: reconcileOutput,
  },
  {
    method: "get", path: "/workload", tag: "Workload", summary: "Each person's book for a role: accounts, ARR, open pipeline, utilization",
    description:
      "Every active user eligible for the role appears, with zeros when their book is empty. `parentsOnly=true` counts top-level " +
      "accounts only; `segment`/`region` filter accounts and, through their account, opportunities. Merged opportunities never count.",
    query: workloadQuery, response: workloadOutput,
  },
  {
    method: "get", path: "/comp/opportunities", tag: "Compensation", summary: "Closed-won opportunities of a period, flagged for review (admin, finance, sales_comp, leader)",
    description:
      "`from` and `to` are days (YYYY-MM-DD, UTC), both included, at most a year apart. Flags: `missing_csm`, `missing_primary_sa`, " +
      "`supporting_sa_activity` (a supporting SA has activity attributed to the opportunity, through merges or by lifetime), `csm_overridden`. " +
      "By close, then id. With `limit` (or `cursor`), keyset pages: follow `nextCursor` until it is null; without either, every row at once.",
    query: compRowsQuery, response: compRowsOutput,
  },
  {
    method: "get", path: "/comp/opportunities.csv", tag: "Compensation", summary: "The comp review of a period as CSV",
    description: "Every row of the period, streamed. Spreadsheet-safe: text cells starting with =, +, -, @, tab or CR are prefixed with an apostrophe.",
    query: compPeriodInput, produces: "text/csv",
  },
  {
    method: "post", path: "/comp/approvals", tag: "Compensation", summary: "Approve a period: freeze its comp rows (admin, finance, sales_comp)",
    description: "Approving the same period again makes a new approval; earlier ones never change.",
    body: compPeriodInput, response: compApprovalOutput, status: 201,
  },
  {
    method: "get", path: "/comp/approvals", tag: "Compensation", summary: "List approvals, newest first",
    description: "With `from`/`to`, the approvals whose period overlaps it.",
    query: listCompApprovalsQuery, response: compApprovalListOutput,
  },
  { method: "get", path: "/comp/approvals/{id}", tag: "Compensation", summary: "An approval and its frozen rows", response: compApprovalDetailOutput },
  {
    method: "get", path: "/comp/approvals/{id}/diff", tag: "Compensation", summary: "What changed since an approval",
    description:
      "One item per opportunity that differs from the snapshot: `csm`, `primarySa`, `amount`, `supportingSas`, `flags` as {from, to}; " +
      "`excluded` when it is no longer closed-won in the period (or was merged); `added` when it now is but was not approved.",
    response: compDiffOutput,
  },
];
