import { z } from "zod";
import { idSchema, type UserView } from "@/lib/domain/users/schemas.ts";
import { CREDIT_ROLES, REVIEW_FLAG_FILTERS, REVIEW_SORTS } from "./review-constants.ts";
import type { COMP_FLAGS, CompRowView } from "./schemas.ts";

export { CREDIT_ROLES, REVIEW_FLAG_FILTERS, REVIEW_SORTS, type CreditRole, type ReviewFlagFilter } from "./review-constants.ts";

export const fixCreditInput = z.object({
  opportunityId: idSchema,
  role: z.enum(CREDIT_ROLES, { message: "Choose the CSM or the primary SA." }),
  /** null takes the credit away from everyone (e.g. a deal with no SA involved). */
  userId: idSchema.nullable(),
  reason: z
    .string({ message: "Give a reason." })
    .trim()
    .min(3, { message: "Give a reason of at least 3 characters." })
    .max(500, { message: "At most 500 characters." }),
});
export type FixCreditInput = z.infer<typeof fixCreditInput>;

export const compReviewQuery = z.object({
  flag: z.enum(REVIEW_FLAG_FILTERS).optional(),
  /** Rows where this person is the CSM, the primary SA or a supporting SA. */
  repId: idSchema.optional(),
  sort: z.enum(REVIEW_SORTS).default("closedAt"),
  desc: z.boolean().default(false),
  /** nextCursor of the previous page, for the same filters and sort. */
  cursor: z.string().max(1000).optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type CompReviewQuery = z.input<typeof compReviewQuery>;

/** Credit of one person in one role; `user` null is the credit nobody holds (a missing CSM/SA). */
export type RepTotal = { user: UserView | null; amount: string; count: number };

export type CompReview = {
  rows: CompRowView[];
  nextCursor: string | null;
  /** All rows of the period, whatever the filters. */
  period: { count: number; amount: string };
  /** The rows the filters keep. */
  matching: { count: number; amount: string };
  /** Closed won of the period that came from converted CSQLs. */
  fromCsqls: { count: number; amount: string };
  flagCounts: Record<(typeof COMP_FLAGS)[number], number>;
  csmTotals: RepTotal[];
  saTotals: RepTotal[];
  /** Everyone on a row of the period (CSM, primary or supporting SA), for the rep filter. */
  reps: UserView[];
};

export type Standing = { rank: number; user: UserView; amount: string; count: number };
export type Standings = { csms: Standing[]; sas: Standing[] };

export type UnattributedActivity = {
  id: string; occurredAt: string; type: string; subject: string | null;
  user: UserView | null; account: { id: string; name: string }; reason: string;
};
