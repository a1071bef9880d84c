import { z } from "zod";
import { idSchema, userOutput } from "@/lib/domain/users/schemas.ts";

const flag = z.enum(["true", "false"]).transform((value) => value === "true");

export const workloadQuery = z.object({
  role: z.enum(["csm", "sa"]).default("csm"),
  parentsOnly: flag.default(false),
  managerId: idSchema.optional(),
  segment: z.string().trim().max(64).optional(),
  region: z.string().trim().max(64).optional(),
});
export type WorkloadQuery = z.infer<typeof workloadQuery>;

export const workloadItem = z.object({
  user: userOutput,
  /** Accounts where the user holds the role (top-level ones only with parentsOnly=true). */
  accounts: z.number().int(),
  arr: z.number(),
  /** Open, non-merged opportunities: as CSM for `csm`, as primary SA for `sa`. */
  openOpportunities: z.number().int(),
  openPipeline: z.number(),
  capacity: z.number().int().nullable(),
  /** accounts / capacity; null without a capacity. */
  utilization: z.number().nullable(),
  /** `sa` only: open, non-merged opportunities the user supports. */
  supportingOpportunities: z.number().int().optional(),
  /** `sa` only: activities the user logged in the last 90 days. */
  activities90d: z.number().int().optional(),
  /** `csm` only: CSQLs the user raised in the last twelve months, and how many were converted. */
  csqlsRaised: z.number().int().optional(),
  csqlsConverted: z.number().int().optional(),
});
export type WorkloadItem = z.infer<typeof workloadItem>;

export const workloadOutput = z.object({ items: z.array(workloadItem) });

/** Accounts and ARR each chosen rep held at the end of each of the last `months` months. */
export const workloadTrendQuery = z.object({
  role: z.enum(["csm", "sa"]).default("csm"),
  userIds: z.array(idSchema).max(50),
  parentsOnly: z.boolean().default(false),
  segment: z.string().trim().max(64).optional(),
  region: z.string().trim().max(64).optional(),
  months: z.number().int().min(1).max(24).default(12),
});
export type WorkloadTrendQuery = z.input<typeof workloadTrendQuery>;

export const workloadTrendOutput = z.object({
  /** Month keys, oldest first ("YYYY-MM"); the last one is the current month, snapshotted now. */
  months: z.array(z.string()),
  series: z.array(z.object({
    userId: z.string(),
    /** One point per month, in `months` order; ARR is each account's current ARR (ARR history is not audited). */
    points: z.array(z.object({ month: z.string(), accounts: z.number().int(), arr: z.number() })),
  })),
});
export type WorkloadTrend = z.infer<typeof workloadTrendOutput>;

export const rebalancingQuery = z.object({
  role: z.enum(["csm", "sa"]).default("csm"),
  parentsOnly: z.boolean().default(false),
  /** Only reps reporting to this manager are relieved (anyone eligible may take accounts, own team first). */
  managerId: idSchema.optional(),
  segment: z.string().trim().max(64).optional(),
  region: z.string().trim().max(64).optional(),
  /** Which accounts move first: the smallest ARR, or the least open pipeline. */
  by: z.enum(["arr", "pipeline"]).default("arr"),
  /** How many reps to relieve, the most over capacity first. */
  reps: z.number().int().min(1).max(200).default(10),
});
export type RebalancingQuery = z.input<typeof rebalancingQuery>;

const person = z.object({ id: z.string(), name: z.string(), managerId: z.string().nullable(), capacity: z.number().int(), load: z.number().int() });

export const rebalancingOutput = z.object({
  suggestions: z.array(z.object({
    from: person,
    to: person.extend({ sameManager: z.boolean() }),
    segment: z.string().nullable(),
    region: z.string().nullable(),
    accounts: z.array(z.object({
      id: z.string(), name: z.string(), arr: z.number(), openPipeline: z.number(),
      /** Accounts that move with it: itself plus children that inherit their CSM from it. */
      moves: z.number().int(),
    })),
    /** True when these are all of `from`'s accounts in this segment and region, so one book transfer does exactly this. */
    wholeSlice: z.boolean(),
  })),
  /** Relieved reps still over capacity after the suggestions: nobody eligible in their segment/region has room. */
  unresolved: z.array(person.extend({ excess: z.number().int() })),
  /** Every rep over capacity (within the manager filter), including those beyond `reps`. */
  overCapacity: z.number().int(),
});
export type Rebalancing = z.infer<typeof rebalancingOutput>;
