import { z } from "zod";
import { accountTableQuery } from "@/lib/domain/accounts/schemas.ts";
import { opportunityTableQuery } from "@/lib/domain/opportunities/schemas.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";

/** The accounts table's filters (and the list API's `parentId`); every matching row, so no paging. */
export const accountExportQuery = accountTableQuery.omit({ cursor: true, limit: true, sort: true, dir: true }).extend({
  parentId: idSchema.optional(),
});
export type AccountExportQuery = z.infer<typeof accountExportQuery>;

/** The opportunities table's filters; every matching row, newest first. */
export const opportunityExportQuery = opportunityTableQuery.omit({ cursor: true, limit: true, sort: true, dir: true });
export type OpportunityExportQuery = z.infer<typeof opportunityExportQuery>;
