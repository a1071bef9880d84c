import { z } from "zod";
import { idSchema, userOutput } from "@/lib/domain/users/schemas.ts";
import { roleKeySchema } from "@/lib/domain/roles/schemas.ts";

const flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")]);

export const teamPerformanceQuery = z.object({
  /** Any account role: `csm` by default, `sa`, `renewal_manager`, custom roles. */
  role: roleKeySchema.default("csm"),
  parentsOnly: flag.default(false),
  managerId: idSchema.optional(),
  segment: z.string().trim().max(64).optional(),
  region: z.string().trim().max(64).optional(),
  /** Only this picklist's spread in `counts` (default: every picklist field). */
  picklist: z.string().trim().max(40).optional(),
});
export type TeamPerformanceQuery = z.infer<typeof teamPerformanceQuery>;

export const teamPerformanceItem = z.object({
  user: userOutput,
  /** Accounts where the user holds the role (top-level ones only with parentsOnly=true). */
  accounts: z.number().int(),
  arr: z.number(),
  /** ARR / 12, rounded to cents. */
  mrr: z.number(),
  /** Average of each score field over the user's accounts that hold a value (null when none do), to 2 decimals. */
  scores: z.record(z.string(), z.number().nullable()),
  /** For each picklist field: how many of the user's accounts hold each option. */
  counts: z.record(z.string(), z.record(z.string(), z.number().int())),
});
export type TeamPerformanceItem = z.infer<typeof teamPerformanceItem>;

export const teamPerformanceOutput = z.object({
  items: z.array(teamPerformanceItem),
  /** The score and picklist fields the figures cover, in display order. */
  scoreFields: z.array(z.object({ key: z.string(), label: z.string() })),
  picklists: z.array(z.object({ key: z.string(), label: z.string(), options: z.array(z.string()) })),
});
export type TeamPerformance = z.infer<typeof teamPerformanceOutput>;
