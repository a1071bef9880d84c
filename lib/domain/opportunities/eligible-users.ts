import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { findRole } from "@/lib/domain/roles/queries.ts";
import type { UserView } from "@/lib/domain/users/schemas.ts";

export type PickerUser = Pick<UserView, "id" | "name" | "email" | "profile">;

/**
 * The people a role accepts (its eligible profiles, active only), by name: what a picker for the
 * opportunity's CSM or SAs offers. The use case checks eligibility again when it assigns, so a
 * stale list can only produce a clear `ineligible_assignee`, never a wrong assignment.
 */
export async function eligibleUsersForRole(actor: Actor, roleKey: string): Promise<PickerUser[]> {
  authorize(actor, "users.read");
  const role = await findRole(db, roleKey);
  return db.user.findMany({
    where: { active: true, profile: { in: role.eligibleProfiles } },
    select: { id: true, name: true, email: true, profile: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 2000,
  });
}
