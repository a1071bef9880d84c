import { z } from "zod";
import { reasonSchema } from "@/lib/domain/audit/schemas.ts";
import { idSchema, userOutput } from "@/lib/domain/users/schemas.ts";

export const OPEN_STAGES = ["prospecting", "discovery", "proposal", "negotiation"] as const;
export const CLOSED_STAGES = ["closed_won", "closed_lost"] as const;
export const STAGES = [...OPEN_STAGES, ...CLOSED_STAGES] as const;
export type Stage = (typeof STAGES)[number];
export const isClosedStage = (stage: Stage) => (CLOSED_STAGES as readonly string[]).includes(stage);

export const stageSchema = z.enum(STAGES, { message: `One of ${STAGES.join(", ")}.` });

const name = z.string().trim().min(1, { message: "Enter a name." }).max(255, { message: "At most 255 characters." });
const externalId = z.string().trim().min(1, { message: "Enter an id or leave it out." }).max(64, { message: "At most 64 characters." });
// numeric(18,2): whole cents only, and small enough that a JS number still holds them exactly.
export const amountSchema = z
  .number({ message: "Must be a number." })
  .min(0, { message: "Cannot be negative." })
  .max(1e13, { message: "Too large." })
  .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, { message: "At most 2 decimals." });
// zod's ISO date checks the calendar too (no 2025-02-30).
export const closeDateSchema = z.iso.date({ message: "A date as YYYY-MM-DD." });
const version = z.number({ message: "Must be a whole number." }).int({ message: "Must be a whole number." }).min(1);

export const createOpportunityInput = z.object({
  accountId: idSchema,
  name,
  stage: stageSchema.optional(),
  amount: amountSchema.nullish(),
  closeDate: closeDateSchema.nullish(),
  externalId: externalId.nullish(),
});
export type CreateOpportunityInput = z.infer<typeof createOpportunityInput>;

export const updateOpportunityInput = z.object({
  name: name.optional(),
  stage: stageSchema.optional(),
  amount: amountSchema.nullable().optional(),
  closeDate: closeDateSchema.nullable().optional(),
  version: version.optional(),
});
export type UpdateOpportunityInput = z.infer<typeof updateOpportunityInput>;

const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(1000).optional();
const flag = z.enum(["true", "false"]).transform((value) => value === "true");

export const listOpportunitiesQuery = z.object({
  accountId: idSchema.optional(),
  csmId: idSchema.optional(),
  primarySaId: idSchema.optional(),
  supportingSaId: idSchema.optional().describe("Only opportunities where this user is a supporting SA (not the primary SA)."),
  stage: stageSchema.optional(),
  open: flag.optional(),
  merged: flag.optional(),
  cursor,
  limit,
});
export type ListOpportunitiesQuery = z.infer<typeof listOpportunitiesQuery>;

/** `userId: null` clears (for the CSM: overrides it to "nobody"). */
export const setUserInput = z.object({
  userId: idSchema.nullable(),
  reason: reasonSchema.describe("Why: required when the opportunity is closed won (its credit may hang on it)."),
});
export type SetUserInput = z.infer<typeof setUserInput>;

export const supportingSaInput = z.object({ userId: idSchema });
export type SupportingSaInput = z.infer<typeof supportingSaInput>;

export const mergeInput = z.object({ intoId: idSchema });
export type MergeInput = z.infer<typeof mergeInput>;

export const opportunityOutput = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  accountId: z.string(),
  name: z.string(),
  stage: stageSchema,
  isClosed: z.boolean(),
  amount: z.number().nullable(),
  closeDate: z.string().nullable().describe("YYYY-MM-DD"),
  closedAt: z.string().nullable(),
  csm: userOutput.nullable(),
  csmOverridden: z.boolean(),
  primarySa: userOutput.nullable(),
  supportingSas: z.array(userOutput),
  mergedIntoId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type OpportunityView = z.infer<typeof opportunityOutput>;

export const opportunityListOutput = z.object({ items: z.array(opportunityOutput), nextCursor: z.string().nullable() });

/** The UI's table: free-text search, more filters, whitelisted sorts. */
export const OPPORTUNITY_SORTS = ["closeDate", "amount", "name", "createdAt"] as const;
export const opportunityTableQuery = z.object({
  q: z.string().trim().max(255).optional(),
  accountId: idSchema.optional(),
  csmId: idSchema.optional(),
  primarySaId: idSchema.optional(),
  supportingSaId: idSchema.optional(),
  /** The account's segment and region, as the workload charts filter them. */
  segment: z.string().trim().min(1).max(64).optional(),
  region: z.string().trim().min(1).max(64).optional(),
  stage: stageSchema.optional(),
  open: flag.optional(),
  merged: flag.optional(),
  overridden: flag.optional(),
  closeFrom: closeDateSchema.optional(),
  closeTo: closeDateSchema.optional(),
  amountMin: z.coerce.number().min(0).optional(),
  amountMax: z.coerce.number().min(0).optional(),
  sort: z.enum(OPPORTUNITY_SORTS).default("createdAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  cursor,
  limit,
});
export type OpportunityTableQuery = z.infer<typeof opportunityTableQuery>;

const personRef = z.object({ id: z.string(), name: z.string() });
export const opportunityTableRow = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  name: z.string(),
  stage: stageSchema,
  isClosed: z.boolean(),
  amount: z.number().nullable(),
  closeDate: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  csmOverridden: z.boolean(),
  mergedIntoId: z.string().nullable(),
  account: personRef,
  csm: personRef.nullable(),
  primarySa: personRef.nullable(),
  supportingSaCount: z.number().int(),
});
export type OpportunityTableRow = z.infer<typeof opportunityTableRow>;
