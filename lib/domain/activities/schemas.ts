import { z } from "zod";
import { idSchema, userOutput } from "@/lib/domain/users/schemas.ts";

export const logActivityInput = z.object({
  userId: idSchema,
  accountId: idSchema,
  opportunityId: idSchema.nullish(),
  occurredAt: z.iso.datetime({ offset: true, message: "An ISO-8601 date and time, e.g. 2025-03-01T14:00:00Z." }),
  type: z.string().trim().min(1, { message: "Enter a type." }).max(64, { message: "At most 64 characters." }),
  subject: z.string().trim().max(500, { message: "At most 500 characters." }).nullish(),
});
export type LogActivityInput = z.infer<typeof logActivityInput>;

export const listActivitiesQuery = z
  .object({
    opportunityId: idSchema.optional().describe("Activities that count for this opportunity (through merges and by lifetime)."),
    accountId: idSchema.optional().describe("Activities logged on this account."),
    userId: idSchema.optional().describe("Activities of this user."),
    cursor: z.string().max(1000).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((query) => query.opportunityId || query.accountId || query.userId, {
    message: "Give an opportunityId, an accountId or a userId.",
    path: ["opportunityId"],
  });
export type ListActivitiesQuery = z.infer<typeof listActivitiesQuery>;

export const attributionViaSchema = z.enum(["opportunity", "merge", "lifetime"]);

export const activityOutput = z.object({
  id: z.string(),
  userId: z.string(),
  accountId: z.string(),
  opportunityId: z.string().nullable(),
  occurredAt: z.string(),
  type: z.string(),
  subject: z.string().nullable(),
  attributedOpportunityId: z.string().nullable(),
});
export type ActivityView = z.infer<typeof activityOutput>;

export const activityListItem = activityOutput.extend({
  user: userOutput.nullable(),
  attributedOpportunityName: z.string().nullable(),
  attributedVia: attributionViaSchema,
  /** Why it counts where it counts, in words, for people reviewing credit. */
  reason: z.string(),
});
export type ActivityListItem = z.infer<typeof activityListItem>;

export const activityListOutput = z.object({ items: z.array(activityListItem), nextCursor: z.string().nullable() });
