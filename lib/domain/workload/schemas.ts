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
});
export type WorkloadItem = z.infer<typeof workloadItem>;

export const workloadOutput = z.object({ items: z.array(workloadItem) });
