import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { findRole } from "./queries.ts";

/**
 * A role's holder must be an active user whose profile the role accepts. Checked inside the
 * transaction that assigns, so a deactivation racing with an assignment cannot slip through.
 */
export async function assertEligible(tx: Tx, roleKey: string, userId: string) {
  const role = await findRole(tx, roleKey);
  const [user] = await tx.$queryRaw<{ id: string; name: string; profile: string; active: boolean }[]>`
    SELECT id::text, name, profile::text AS profile, active FROM users WHERE id = ${userId}::uuid FOR SHARE`;
  if (!user) throw new DomainError("not_found", "User not found.", { fields: { userId: "No such user." } });
  if (!user.active) {
    throw new DomainError("ineligible_assignee", `${user.name} is inactive and cannot hold the ${role.label} role.`);
  }
  if (!(role.eligibleProfiles as string[]).includes(user.profile)) {
    throw new DomainError(
      "ineligible_assignee",
      `${user.name} (${user.profile}) cannot hold the ${role.label} role; it accepts ${role.eligibleProfiles.join(", ")}.`,
    );
  }
  return { role, user };
}
