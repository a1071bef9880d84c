import { z } from "zod";
import { userOutput } from "@/lib/domain/users/schemas.ts";

export const COMP_FLAGS = ["missing_csm", "missing_primary_sa", "supporting_sa_activity", "csm_overridden"] as const;
export type CompFlag = (typeof COMP_FLAGS)[number];

const DAY = 24 * 3600 * 1000;
/** A year, plus a day so a leap year or a fiscal year ending on the 1st still fits. */
const MAX_PERIOD_DAYS = 366;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Use a date like 2026-01-31." })
  .refine(
    (value) => {
      const time = Date.parse(`${value}T00:00:00Z`);
      return Number.isFinite(time) && new Date(time).toISOString().startsWith(value);
    },
    { message: "Not a real date." },
  );

const timeOf = (value: string) => Date.parse(`${value}T00:00:00Z`);

const periodShape = {
  from: day, to: day,
  /** Only this account's rows; a holder whose role lets them see comp rows may read these. */
  accountId: z.string().uuid({ message: "Must be an id." }).optional(),
};

function checkPeriod(period: { from: string; to: string }, context: z.RefinementCtx) {
  if (period.to < period.from) {
    context.addIssue({ code: "custom", path: ["to"], message: "The period ends before it starts." });
  } else if ((timeOf(period.to) - timeOf(period.from)) / DAY > MAX_PERIOD_DAYS) {
    context.addIssue({ code: "custom", path: ["to"], message: "A period is at most one year." });
  }
}

/** A comp period: both days included, `to` through the end of its day (UTC). */
export const compPeriodInput = z.object(periodShape).superRefine(checkPeriod);
export type CompPeriod = z.infer<typeof compPeriodInput>;

/** `GET /comp/opportunities`: the period, and keyset paging when `limit` or `cursor` is given. */
export const compRowsQuery = z.object({
  ...periodShape,
  cursor: z.string().max(1000).optional().describe("nextCursor of the previous page."),
  limit: z.coerce.number().int().min(1).max(1000).optional()
    .describe("Rows per page (at most 1,000). Without limit or cursor, every row of the period comes at once."),
}).superRefine(checkPeriod);
export type CompRowsQuery = z.infer<typeof compRowsQuery>;

export const listCompApprovalsQuery = z.object({ from: day.optional(), to: day.optional() });
export type ListCompApprovalsQuery = z.infer<typeof listCompApprovalsQuery>;

export const compOpportunityRef = z.object({
  id: z.string(),
  name: z.string(),
  externalId: z.string().nullable(),
  accountId: z.string(),
  accountName: z.string(),
});

export const compRowOutput = z.object({
  opportunity: compOpportunityRef,
  csm: userOutput.nullable(),
  primarySa: userOutput.nullable(),
  supportingSas: z.array(userOutput),
  amount: z.number().nullable(),
  closedAt: z.string(),
  flags: z.array(z.enum(COMP_FLAGS)),
  /** On the comp review: the CSQL this deal was converted from (some companies pay CSMs for them). */
  csql: z.object({ id: z.string(), raisedBy: userOutput.nullable() }).optional(),
});
export type CompRowView = z.infer<typeof compRowOutput>;

export const compRowsOutput = z.object({
  items: z.array(compRowOutput),
  /** Set when paging (`limit`/`cursor`) and more rows follow; always null for an unpaged read. */
  nextCursor: z.string().nullable(),
});

export const compApprovalOutput = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  approvedAt: z.string(),
  approvedBy: userOutput,
  rows: z.number().int(),
  total: z.number(),
});
export type CompApprovalView = z.infer<typeof compApprovalOutput>;

export const compApprovalDetailOutput = z.object({ approval: compApprovalOutput, items: z.array(compRowOutput) });
export const compApprovalListOutput = z.object({ items: z.array(compApprovalOutput) });

const change = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value }).optional();

export const compDiffItem = z.object({
  opportunityId: z.string(),
  opportunity: compOpportunityRef,
  changes: z.object({
    csm: change(userOutput.nullable()),
    primarySa: change(userOutput.nullable()),
    amount: change(z.number().nullable()),
    supportingSas: change(z.array(userOutput)),
    flags: change(z.array(z.enum(COMP_FLAGS))),
    /** In the snapshot, but no longer closed-won, or merged, or closed outside the period. */
    excluded: z.literal(true).optional(),
    /** Closed-won in the period now, but not in the snapshot. */
    added: z.literal(true).optional(),
  }),
  /** Who changed its credit since the approval, and why: the latest edits of CSM, SAs, amount or stage, newest first. */
  edits: z.array(z.object({
    at: z.string(),
    by: z.string().nullable().describe("The name of who made the change; null for the system (a stamp, a sync)."),
    field: z.string(),
    reason: z.string().nullable(),
  })),
});
export type CompDiffItem = z.infer<typeof compDiffItem>;
export const compDiffOutput = z.object({ items: z.array(compDiffItem) });
