import { z } from "zod";
import { amountSchema, closeDateSchema, stageSchema } from "@/lib/domain/opportunities/schemas.ts";
import { idSchema, userOutput } from "@/lib/domain/users/schemas.ts";

export const CSQL_KINDS = ["expansion", "renewal", "cross_sell", "new_logo"] as const;
export const CSQL_STATUSES = ["new", "accepted", "converted", "rejected"] as const;
export type CsqlKind = (typeof CSQL_KINDS)[number];
export type CsqlStatus = (typeof CSQL_STATUSES)[number];

export const KIND_LABELS: Record<CsqlKind, string> = {
  expansion: "Expansion", renewal: "Renewal", cross_sell: "Cross-sell", new_logo: "New logo",
};
export const STATUS_LABELS: Record<CsqlStatus, string> = {
  new: "New", accepted: "Accepted", converted: "Converted", rejected: "Rejected",
};

const optionalText = (max: number) => z.string().trim().max(max, { message: `At most ${max} characters.` }).nullish()
  .transform((value) => (value ? value : null));

export const raiseCsqlInput = z.object({
  accountId: idSchema,
  title: z.string().trim().min(1, { message: "Enter a title." }).max(200, { message: "At most 200 characters." }),
  description: optionalText(5000),
  estimatedAmount: amountSchema.nullish(),
  kind: z.enum(CSQL_KINDS, { message: `One of ${CSQL_KINDS.join(", ")}.` }),
  contactName: optionalText(200),
  contactEmail: z.string().trim().max(320).email({ message: "Enter a valid email address." }).nullish()
    .or(z.literal("").transform(() => null)),
  ownerId: idSchema.nullish(),
});
export type RaiseCsqlInput = z.infer<typeof raiseCsqlInput>;

export const rejectCsqlInput = z.object({
  reason: z.string().trim().min(1, { message: "Say why." }).max(1000, { message: "At most 1000 characters." }),
});
export type RejectCsqlInput = z.infer<typeof rejectCsqlInput>;

export const convertCsqlInput = z.object({
  name: z.string().trim().min(1).max(255).optional(),
  amount: amountSchema.nullish(),
  closeDate: closeDateSchema.nullish(),
  stage: stageSchema.optional(),
});
export type ConvertCsqlInput = z.infer<typeof convertCsqlInput>;

export const listCsqlsQuery = z.object({
  status: z.enum(CSQL_STATUSES).optional(),
  kind: z.enum(CSQL_KINDS).optional(),
  ownerId: idSchema.optional(),
  createdById: idSchema.optional(),
  accountId: idSchema.optional(),
  /** Only CSQLs nobody owns yet: the sales ops queue. */
  unowned: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListCsqlsQuery = z.infer<typeof listCsqlsQuery>;

export const csqlSummaryQuery = z.object({
  from: z.iso.date({ message: "A date as YYYY-MM-DD." }).optional(),
  to: z.iso.date({ message: "A date as YYYY-MM-DD." }).optional(),
  groupBy: z.enum(["csm", "manager", "month"]).default("month"),
});
export type CsqlSummaryQuery = z.infer<typeof csqlSummaryQuery>;

export const csqlRouteInput = z.object({
  segment: z.string().trim().max(100).nullish().transform((value) => value || null),
  region: z.string().trim().max(100).nullish().transform((value) => value || null),
  ownerId: idSchema,
});
export type CsqlRouteInput = z.infer<typeof csqlRouteInput>;

export const csqlOutput = z.object({
  id: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  estimatedAmount: z.number().nullable(),
  kind: z.enum(CSQL_KINDS),
  status: z.enum(CSQL_STATUSES),
  contactName: z.string().nullable(),
  contactEmail: z.string().nullable(),
  createdBy: userOutput,
  owner: userOutput.nullable(),
  opportunityId: z.string().nullable(),
  rejectReason: z.string().nullable(),
  externalId: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  version: z.number(),
  /** Things the person raising it should know, e.g. a likely duplicate. Only on create. */
  warnings: z.array(z.object({ code: z.string(), message: z.string(), csqlId: z.string().optional() })).optional(),
});
export type CsqlView = z.infer<typeof csqlOutput>;

export const csqlSummaryOutput = z.object({
  items: z.array(z.object({
    key: z.string(),
    label: z.string(),
    created: z.number(),
    accepted: z.number(),
    converted: z.number(),
    rejected: z.number(),
    conversionRate: z.number(),
    pipeline: z.number(),
    closedWon: z.number(),
  })),
});
export type CsqlSummary = z.infer<typeof csqlSummaryOutput>;
