import { z } from "zod";
import { idSchema, userOutput } from "@/lib/domain/users/schemas.ts";
import { roleKeySchema } from "@/lib/domain/roles/schemas.ts";
import { reasonSchema } from "@/lib/domain/audit/schemas.ts";
import { fieldValueSchema, fieldValuesInput } from "@/lib/domain/account-fields/schemas.ts";
/** An account-field filter as lib/domain/account-fields/field-params.ts reads it from a URL. */
const fieldFilterSchema = z.object({
  key: z.string(),
  values: z.array(z.string()).optional(),
  min: z.string().optional(),
  max: z.string().optional(),
});

/** `name`, `arr`, or `field.<key>` of an account field (checked against the definitions in the domain). */
export const accountSortSchema = z.union([z.enum(["name", "arr"]), z.string().regex(/^field\.[a-z][a-z0-9_]{0,39}$/)]);

const name = z.string().trim().min(1, { message: "Enter a name." }).max(255, { message: "At most 255 characters." });
const externalId = z.string().trim().min(1, { message: "Enter an id or leave it out." }).max(64, { message: "At most 64 characters." });
// An empty segment or region means "none", so forms can clear them.
const label = z
  .string()
  .trim()
  .max(64, { message: "At most 64 characters." })
  .transform((value) => (value === "" ? null : value));
// numeric(18,2): whole cents only, and small enough that a JS number still holds them exactly.
const arr = z
  .number({ message: "Must be a number." })
  .min(0, { message: "Cannot be negative." })
  .max(1e13, { message: "Too large." })
  .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, { message: "At most 2 decimals." });
export const csmInheritanceSchema = z.enum(["none", "parent"]);

export const createAccountInput = z.object({
  name,
  externalId: externalId.nullish(),
  parentId: idSchema.nullish(),
  segment: label.nullish(),
  region: label.nullish(),
  arr: arr.nullish(),
  csmInheritance: csmInheritanceSchema.optional(),
  /** Account fields by key, checked against their definitions in the domain. */
  fields: fieldValuesInput.optional(),
});
export type CreateAccountInput = z.infer<typeof createAccountInput>;

export const updateAccountInput = z.object({
  name: name.optional(),
  externalId: externalId.nullish(),
  parentId: idSchema.nullish(),
  segment: label.nullish(),
  region: label.nullish(),
  arr: arr.nullish(),
  csmInheritance: csmInheritanceSchema.optional(),
  fields: fieldValuesInput.optional(),
  version: z.number().int().min(1).optional(),
});
export type UpdateAccountInput = z.infer<typeof updateAccountInput>;

const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(1000).optional();

export const listAccountsQuery = z.object({
  q: z.string().trim().max(255).optional(),
  csmId: idSchema.optional(),
  parentId: idSchema.optional(),
  fieldFilters: z.array(fieldFilterSchema).optional(),
  /** `name` (default) or `field.<key>`; a leading `-` or `dir=desc` sorts descending. */
  sort: z.string().regex(/^-?(name|field\.[a-z][a-z0-9_]{0,39})$/, { message: "Sort by name or field.<key>." }).optional(),
  dir: z.enum(["asc", "desc"]).optional(),
  cursor,
  limit,
});
export type ListAccountsQuery = z.infer<typeof listAccountsQuery>;

export const assignRoleInput = z.object({
  userId: idSchema.nullable(),
  includeOverridden: z.boolean().optional(),
  reason: reasonSchema,
});
export type AssignRoleInput = z.infer<typeof assignRoleInput>;

export const pendingHolderOutput = z.object({ email: z.string(), name: z.string().nullable() });

export const accountOutput = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  name: z.string(),
  parentId: z.string().nullable(),
  segment: z.string().nullable(),
  region: z.string().nullable(),
  arr: z.number().nullable(),
  csmInheritance: csmInheritanceSchema,
  version: z.number().int(),
  team: z.record(z.string(), userOutput.nullable()),
  pending: z.record(z.string(), pendingHolderOutput),
  fields: z.record(z.string(), fieldValueSchema),
});
export type AccountView = z.infer<typeof accountOutput>;

export const accountListOutput = z.object({ items: z.array(accountOutput), nextCursor: z.string().nullable() });

export const assignRoleOutput = z.object({
  account: accountOutput,
  stamped: z.object({ opportunities: z.number().int(), skippedOverridden: z.number().int() }),
  cascaded: z.object({ accounts: z.number().int() }),
});
export type AssignRoleResult = z.infer<typeof assignRoleOutput>;

// The accounts table of the UI: whitelisted sort keys, every filter optional.
export const accountTableQuery = z.object({
  q: z.string().trim().max(255).optional(),
  csmId: idSchema.optional(),
  saId: idSchema.optional(),
  roleKey: roleKeySchema.optional(),
  holderId: idSchema.optional(),
  unassignedRole: roleKeySchema.optional(),
  segment: z.string().trim().max(64).optional(),
  region: z.string().trim().max(64).optional(),
  level: z.enum(["parent", "child", "all"]).default("all"),
  /** Account-field filters, read from `field.<key>` params by readFieldParams. */
  fieldFilters: z.array(fieldFilterSchema).optional(),
  sort: accountSortSchema.default("name"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  cursor,
  limit,
});
export type AccountTableQuery = z.infer<typeof accountTableQuery>;

export const holderOutput = z.object({ id: z.string().nullable(), name: z.string().nullable(), pendingEmail: z.string().nullable() });

export const accountTableRow = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  name: z.string(),
  parentId: z.string().nullable(),
  parentName: z.string().nullable(),
  segment: z.string().nullable(),
  region: z.string().nullable(),
  arr: z.number().nullable(),
  csmInheritance: csmInheritanceSchema,
  openOpportunities: z.number().int(),
  team: z.record(z.string(), holderOutput),
  fields: z.record(z.string(), fieldValueSchema),
});
export type AccountTableRow = z.infer<typeof accountTableRow>;
