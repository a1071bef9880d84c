import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { DomainError, isUniqueViolation, notFound } from "@/lib/errors/domain-error.ts";
import { nameTaken } from "./create-saved-view.ts";
import { getSavedView } from "./queries.ts";
import type { SavedView, UpdateSavedViewInput } from "./schemas.ts";
import { setDefaultView } from "./set-default.ts";

/**
 * Renames, re-saves (new filters), shares or unshares a view — its owner only — and makes it, or
 * stops it being, the caller's default, which anyone who sees the view may do.
 */
export async function updateSavedView(actor: Actor, id: string, input: UpdateSavedViewInput): Promise<SavedView> {
  try {
    return await db.$transaction(async (tx) => {
      // Locked, so a rename and a delete of the same view cannot cross.
      const [locked] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM saved_views WHERE id = ${id}::uuid AND (owner_id = ${actor.id}::uuid OR shared) FOR UPDATE`;
      if (!locked) throw notFound("Saved view");
      const view = await getSavedView(actor, id, tx);
      const changesView = input.name !== undefined || input.query !== undefined || input.shared !== undefined;
      if (changesView && !view.mine) throw new DomainError("forbidden", `Only ${view.owner.name} can change this view; save a copy of your own instead.`);
      if (changesView) {
        await tx.$executeRaw`
          UPDATE saved_views SET name = coalesce(${input.name ?? null}, name), query = coalesce(${input.query ?? null}, query),
            shared = coalesce(${input.shared ?? null}::boolean, shared), updated_at = now()
          WHERE id = ${id}::uuid`;
        // Unsharing takes the view away from everyone else, their default with it.
        if (input.shared === false) await tx.$executeRaw`DELETE FROM saved_view_defaults WHERE view_id = ${id}::uuid AND user_id <> ${actor.id}::uuid`;
      }
      if (input.isDefault !== undefined) await setDefaultView(tx, actor.id, view.table, id, input.isDefault);
      return getSavedView(actor, id, tx);
    });
  } catch (error) {
    if (input.name !== undefined && isUniqueViolation(error, "saved_views_owner_name_key")) throw nameTaken(input.name);
    throw error;
  }
}
