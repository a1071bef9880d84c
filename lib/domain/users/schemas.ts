import { z } from "zod";
import { PROFILES } from "@/lib/auth/permissions.ts";

export const profileSchema = z.enum(PROFILES);
export const idSchema = z.string().uuid({ message: "Must be an id." });

const email = z.string().trim().max(320).email({ message: "Enter a valid email address." });
const name = z.string().trim().min(1, { message: "Enter a name." }).max(200);
const capacity = z
  .number({ message: "Capacity is a whole number." })
  .int({ message: "Capacity is a whole number." })
  .min(0, { message: "Capacity cannot be negative." })
  .max(100_000)
  .nullable();

export const createUserInput = z.object({
  email,
  name,
  profile: profileSchema,
  managerId: idSchema.nullish(),
  capacity: capacity.optional(),
  password: z.string().min(8, { message: "At least 8 characters." }).max(200).optional(),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z.object({
  name: name.optional(),
  profile: profileSchema.optional(),
  active: z.boolean().optional(),
  managerId: idSchema.nullable().optional(),
  capacity: capacity.optional(),
  password: z.string().min(8, { message: "At least 8 characters." }).max(200).optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserInput>;

export const listUsersQuery = z.object({
  profile: profileSchema.optional(),
  q: z.string().trim().max(200).optional(),
  active: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

export const userOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  profile: profileSchema,
  active: z.boolean(),
  managerId: z.string().nullable(),
  capacity: z.number().int().nullable(),
});
export type UserView = z.infer<typeof userOutput>;

export const issueTokenInput = z.object({
  name: z.string().trim().max(100).optional(),
  expiresInDays: z.number({ message: "A whole number of days." }).int({ message: "A whole number of days." })
    .min(1, { message: "At least 1 day." }).max(3650, { message: "At most 3650 days (10 years)." }).optional()
    .describe("The token stops authenticating this many days from now; without it, it lasts until revoked."),
});
export type IssueTokenInput = z.infer<typeof issueTokenInput>;

export const tokenOutput = z.object({
  id: z.string(),
  prefix: z.string().describe("The token's public tag (rst_xxxxxxxx), never characters of its secret."),
  name: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TokenView = z.infer<typeof tokenOutput>;
export const tokenListOutput = z.object({ items: z.array(tokenOutput) });
