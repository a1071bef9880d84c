import { z } from "zod";

export const SAVED_VIEW_TABLES = ["accounts", "opportunities"] as const;
export type SavedViewTable = (typeof SAVED_VIEW_TABLES)[number];

/** What a table owns in its URL besides filters, sort, page size and columns: never part of a view. */
const PAGE_PARAMS = new Set(["cursor", "prev", "view"]);
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;

/**
 * A view is the table's URL query (filters, sort, page size, hidden columns), as the table writes
 * it. Read back through URLSearchParams and written again without the page it was on, so a view
 * always opens on page 1 and holds nothing but plain parameters.
 */
export const viewQuery = z.string().max(2000).transform((raw, context) => {
  const params = new URLSearchParams(raw.startsWith("?") ? raw.slice(1) : raw);
  const kept = new URLSearchParams();
  for (const [name, value] of params) {
    if (PAGE_PARAMS.has(name) || value === "") continue;
    if (!PARAM_NAME.test(name) || value.length > 500) {
      context.addIssue({ code: "custom", message: `"${name.slice(0, 40)}" is not a parameter of a table.` });
      return z.NEVER;
    }
    kept.append(name, value);
  }
  return kept.toString();
});

const viewName = z.string().trim().min(1, { message: "Give the view a name." }).max(80, { message: "At most 80 characters." });

export const createSavedViewInput = z.object({
  table: z.enum(SAVED_VIEW_TABLES),
  name: viewName,
  query: viewQuery,
  /** Everyone sees a shared view; only its owner changes it. */
  shared: z.boolean().default(false),
  /** Open the table with this view when its URL has no parameters. */
  isDefault: z.boolean().default(false),
});
export type CreateSavedViewInput = z.infer<typeof createSavedViewInput>;

export const updateSavedViewInput = z.object({
  name: viewName.optional(),
  query: viewQuery.optional(),
  shared: z.boolean().optional(),
  /** Anyone who sees the view may make it (or stop it being) their own default. */
  isDefault: z.boolean().optional(),
}).refine((input) => Object.values(input).some((value) => value !== undefined), { message: "Nothing to change." });
export type UpdateSavedViewInput = z.infer<typeof updateSavedViewInput>;

export const listSavedViewsQuery = z.object({ table: z.enum(SAVED_VIEW_TABLES) });

export const savedViewIdInput = z.object({ id: z.string().uuid({ message: "Must be an id." }) });
export const updateSavedViewActionInput = z.object({ id: z.string().uuid({ message: "Must be an id." }), changes: updateSavedViewInput });

export const savedViewOutput = z.object({
  id: z.string(),
  table: z.enum(SAVED_VIEW_TABLES),
  name: z.string(),
  query: z.string(),
  shared: z.boolean(),
  owner: z.object({ id: z.string(), name: z.string() }),
  /** The caller owns it (and so may rename, change, share or delete it). */
  mine: z.boolean(),
  /** The caller's default for its table. */
  isDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedView = z.infer<typeof savedViewOutput>;
