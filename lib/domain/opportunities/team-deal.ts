import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { can } from "@/lib/auth/permissions.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import type { LockedOpportunity } from "./lock-opportunity.ts";

/**
 * A CSM manager's team's deal: its CSM, or its account's CSM, is the manager or reports to them.
 * Read under the opportunity's lock, so it holds for the change that follows.
 */
async function isTeamDeal(tx: Tx, managerId: string, row: LockedOpportunity): Promise<boolean> {
  const [{ ok }] = await tx.$queryRaw<{ ok: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM users u
      WHERE (u.id = ${row.csmId}::uuid OR u.id = (
          SELECT h.user_id FROM account_role_assignments h WHERE h.account_id = ${row.accountId}::uuid AND h.role_key = 'csm'))
        AND (u.id = ${managerId}::uuid OR u.manager_id = ${managerId}::uuid)
    ) AS ok`;
  return ok;
}

/**
 * Who may override an opportunity's CSM or primary SA: privileged profiles on any deal; a CSM
 * manager on their team's open deals (a closed one is `locked`, someone else's `forbidden`).
 * `privileged` is the permission that lets a profile do it anywhere.
 */
export async function authorizeOverride(
  tx: Tx, actor: Actor, row: LockedOpportunity, privileged: "opportunities.overrideCsm" | "opportunities.setSas",
): Promise<void> {
  if (can(actor.profile, privileged)) return;
  if (!can(actor.profile, "opportunities.overrideTeamDeals") || !(await isTeamDeal(tx, actor.id, row))) {
    throw new DomainError("forbidden", "Your profile may not override this opportunity's team: it is not one of your team's deals.");
  }
  if (row.isClosed) throw new DomainError("locked", "This opportunity is closed; only privileged profiles may change its CSM or SAs.");
}

/** For the opportunity page: whether the actor may override this deal's team as its CSM manager. */
export async function mayOverrideAsTeamManager(actor: Actor, opportunityId: string): Promise<boolean> {
  if (!can(actor.profile, "opportunities.overrideTeamDeals")) return false;
  const [row] = await db.$queryRaw<LockedOpportunity[]>`
    SELECT id::text, account_id::text AS "accountId", csm_id::text AS "csmId", is_closed AS "isClosed"
    FROM opportunities WHERE id = ${opportunityId}::uuid`;
  return Boolean(row) && !row.isClosed && (await isTeamDeal(db, actor.id, row));
}
