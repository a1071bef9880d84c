import { z } from "zod";
import { profileSchema } from "@/lib/domain/users/schemas.ts";

export const roleKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, { message: "Lower-case letters, digits and _; starts with a letter; at most 40." });

export const createRoleInput = z.object({
  key: roleKeySchema,
  label: z.string().trim().min(1, { message: "Enter a label." }).max(80),
  eligibleProfiles: z.array(profileSchema).min(1, { message: "Pick at least one profile." }),
});
export type CreateRoleInput = z.infer<typeof createRoleInput>;

export const roleOutput = z.object({
  key: z.string(),
  label: z.string(),
  stamping: z.enum(["open_opportunities", "new_opportunities", "none"]),
  eligibleProfiles: z.array(profileSchema),
  builtIn: z.boolean(),
});
export type RoleView = z.infer<typeof roleOutput>;

/** What holders of a role may do on the accounts they hold (Admin → Account roles). */
export const roleRightsInput = z.object({
  editAccount: z.boolean(),
  assignRoles: z.array(roleKeySchema).max(50),
  logActivities: z.boolean(),
  raiseCsqls: z.boolean(),
  seeComp: z.boolean(),
  /** The same rights on the held accounts' child accounts (all the way down). */
  onChildren: z.boolean(),
});
export type RoleRightsInput = z.infer<typeof roleRightsInput>;

export const roleWithRightsOutput = roleOutput.extend({ holderRights: roleRightsInput });
export type RoleWithRights = z.infer<typeof roleWithRightsOutput>;
