import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { lockAccountsTopDown } from "@/lib/domain/accounts/lock-account.ts";
import { setRoleHolders } from "@/lib/domain/accounts/set-role-holders.ts";
import { applyCsm } from "@/lib/domain/stamping/apply-csm.ts";
import type { UserView } from "@/lib/domain/users/schemas.ts";

type Waiting = { accountId: string; roleKey: string };

/** Pending slots for this email whose role accepts the user's profile; the others stay pending. */
function waitingFor(tx: Tx, user: UserView, within?: string[]) {
  return tx.$queryRaw<Waiting[]>`
    SELECT h.account_id::text AS "accountId", h.role_key AS "roleKey"
    FROM account_role_assignments h JOIN account_roles r ON r.key = h.role_key
    WHERE h.user_id IS NULL AND lower(h.pending_email) = lower(${user.email})
      AND ${user.profile}::profile = ANY(r.eligible_profiles)
      ${within ? Prisma.sql`AND h.account_id = ANY(${within}::uuid[])` : Prisma.empty}`;
}

/**
 * Runs in the transaction that creates `user`: every assignment waiting for their email takes
 * effect, as if assigned now — CSM slots stamp and cascade — in one audit batch. An inactive user,
 * or one whose profile a role does not accept, leaves those slots pending.
 */
export async function resolvePendingAssignments(tx: Tx, { actor, source }: ActorContext, user: UserView): Promise<number> {
  if (!user.active) return 0;
  const candidates = await waitingFor(tx, user);
  if (candidates.length === 0) return 0;
  const locked = await lockAccountsTopDown(tx, [...new Set(candidates.map((row) => row.accountId))]);
  const waiting = await waitingFor(tx, user, locked);

  const batchId = randomUUID();
  const meta = { actorId: actor.id, source, batchId, reason: `Pending assignment for ${user.email}` };
  const byRole = new Map<string, Waiting[]>();
  for (const row of waiting) byRole.set(row.roleKey, [...(byRole.get(row.roleKey) ?? []), row]);
  let resolved = 0;
  for (const [roleKey, rows] of byRole) {
    const changes = rows.map((row) => ({ accountId: row.accountId, userId: user.id }));
    if (roleKey === "csm") {
      resolved += (await applyCsm(tx, changes, { ...meta, includeOverridden: false })).accounts.length;
    } else {
      resolved += (await setRoleHolders(tx, roleKey, changes, meta)).length;
    }
  }
  return resolved;
}
