// Plain constants for client components too: the zod schemas import the users module, whose
// profile list comes from server-only code.
import type { CompFlag } from "./schemas.ts";

/** The contract's flags, in the order the review lists them (kept equal to COMP_FLAGS by a test). */
export const REVIEW_FLAGS = ["missing_csm", "missing_primary_sa", "supporting_sa_activity", "csm_overridden"] as const satisfies readonly CompFlag[];
/** Flag filters of the review: one flag, any flag, or none at all. */
export const REVIEW_FLAG_FILTERS = [...REVIEW_FLAGS, "flagged", "clean"] as const;
export type ReviewFlagFilter = (typeof REVIEW_FLAG_FILTERS)[number];
export const REVIEW_SORTS = ["closedAt", "amount"] as const;
/** Who gets credit on a closed-won opportunity: the CSM, or the primary SA. */
export const CREDIT_ROLES = ["csm", "primary_sa"] as const;
export type CreditRole = (typeof CREDIT_ROLES)[number];
