import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { can } from "@/lib/auth/permissions.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { getSavedView } from "./queries.ts";

/**
 * Deletes a view (and every default that pointed at it): its owner, or an admin tidying up a
 * shared view that misleads. Another's private view is not found, as when reading it.
 */
export async function deleteSavedView(actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const view = await getSavedView(actor, id, tx);
    if (!view.mine && !can(actor.profile, "savedViews.manageShared")) {
      throw new DomainError("forbidden", `Only ${view.owner.name} can delete this view.`);
    }
    await tx.$executeRaw`DELETE FROM saved_views WHERE id = ${id}::uuid`;
  });
}
