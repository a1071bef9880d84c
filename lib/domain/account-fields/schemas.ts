import { z } from "zod";
import { profileSchema } from "@/lib/domain/users/schemas.ts";

export const FIELD_TYPES = ["text", "number", "currency", "date", "boolean", "picklist"] as const;
export const fieldTypeSchema = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof fieldTypeSchema>;
export const fieldOwnerSchema = z.enum(["crm", "roster"]);

export const fieldKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, { message: "Lower-case letters, digits and _; starts with a letter; at most 40." });
const label = z.string().trim().min(1, { message: "Enter a label." }).max(80, { message: "At most 80 characters." });
// Commas are refused so a picklist filter can travel as one comma-separated URL value.
const option = z.string().trim().min(1, { message: "Options cannot be empty." }).max(80).regex(/^[^,]*$/, { message: "Options cannot contain commas." });
const options = z
  .array(option)
  .max(100, { message: "At most 100 options." })
  .refine((list) => new Set(list.map((o) => o.toLowerCase())).size === list.length, { message: "Options must differ." });
const order = z.number().int().min(0).max(100_000);

export const createAccountFieldInput = z
  .object({
    key: fieldKeySchema,
    label,
    type: fieldTypeSchema,
    options: options.optional(),
    owner: fieldOwnerSchema.default("roster"),
    editableBy: z.array(profileSchema).default([]),
    score: z.boolean().default(false),
    showInTable: z.boolean().default(false),
    order: order.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.type === "picklist" && !input.options?.length) ctx.addIssue({ code: "custom", path: ["options"], message: "A picklist needs at least one option." });
    if (input.type !== "picklist" && input.options?.length) ctx.addIssue({ code: "custom", path: ["options"], message: "Only a picklist has options." });
    if (input.score && input.type !== "number" && input.type !== "currency") ctx.addIssue({ code: "custom", path: ["score"], message: "Only numbers can be averaged as a score." });
  });
export type CreateAccountFieldInput = z.infer<typeof createAccountFieldInput>;

/** The type and key never change (values are stored by type); everything else may. */
export const updateAccountFieldInput = z.object({
  label: label.optional(),
  options: options.optional(),
  owner: fieldOwnerSchema.optional(),
  editableBy: z.array(profileSchema).optional(),
  score: z.boolean().optional(),
  showInTable: z.boolean().optional(),
  order: order.optional(),
});
export type UpdateAccountFieldInput = z.infer<typeof updateAccountFieldInput>;

/** Deleting a field that holds values needs `confirm: true` (the UI asks first). */
export const deleteAccountFieldInput = z.object({
  confirm: z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")]).optional(),
});

export const accountFieldOutput = z.object({
  key: z.string(),
  label: z.string(),
  type: fieldTypeSchema,
  options: z.array(z.string()).optional(),
  owner: fieldOwnerSchema,
  editableBy: z.array(profileSchema),
  score: z.boolean(),
  showInTable: z.boolean(),
  order: z.number().int(),
});
export type AccountFieldView = z.infer<typeof accountFieldOutput>;
export const accountFieldListOutput = z.object({ items: z.array(accountFieldOutput) });

export const fieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FieldValue = z.infer<typeof fieldValueSchema>;
/** `fields` on account writes: values are checked against each field's type in the domain. */
export const fieldValuesInput = z.record(z.string().max(40), fieldValueSchema);

export const setAccountFieldsInput = z.object({
  fields: fieldValuesInput,
  version: z.number().int().min(1).optional(),
});
export type SetAccountFieldsInput = z.infer<typeof setAccountFieldsInput>;
