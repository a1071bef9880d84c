import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { DomainError, isUniqueViolation } from "@/lib/errors/domain-error.ts";
import { authorizeTable, getSavedView } from "./queries.ts";
import type { CreateSavedViewInput, SavedView } from "./schemas.ts";
import { setDefaultView } from "./set-default.ts";

export const nameTaken = (name: string) =>
  new DomainError("conflict", `You already have a view named "${name}".`, { fields: { name: "You already have a view with this name." } });

/**
 * Names the table's current state for the caller. Views are preferences, not records of who
 * covers what: they are not audited and do not enter the change feed.
 */
export async function createSavedView(actor: Actor, input: CreateSavedViewInput): Promise<SavedView> {
  authorizeTable(actor, input.table);
  try {
    return await db.$transaction(async (tx) => {
      const [{ id }] = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO saved_views (owner_id, table_key, name, query, shared)
        VALUES (${actor.id}::uuid, ${input.table}, ${input.name}, ${input.query}, ${input.shared})
        RETURNING id::text`;
      if (input.isDefault) await setDefaultView(tx, actor.id, input.table, id, true);
      return getSavedView(actor, id, tx);
    });
  } catch (error) {
    if (isUniqueViolation(error, "saved_views_owner_name_key")) throw nameTaken(input.name);
    throw error;
  }
}
