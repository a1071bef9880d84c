import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Profile } from "@/lib/db/generated/enums.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { roleKeySchema } from "@/lib/domain/roles/schemas.ts";
import { idSchema } from "./schemas.ts";
import { findRole } from "@/lib/domain/roles/queries.ts";

export const eligibleUsersQuery = z.object({
  roleKey: roleKeySchema,
  q: z.string().trim().max(200).optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type EligibleUsersQuery = z.input<typeof eligibleUsersQuery>;

/** A person who may take a role, with their current load for it. */
export type EligibleUser = {
  id: string;
  name: string;
  email: string;
  profile: Profile;
  /** Target number of accounts, if set. */
  capacity: number | null;
  /** Accounts where they hold this role now. */
  accounts: number;
};

/**
 * The active users whose profile the role accepts — exactly who assertEligible lets through —
 * searchable by name or email, each with the number of accounts they hold the role on (one index
 * probe of account_role_assignments (role_key, user_id) per person listed).
 */
export async function eligibleUsers(actor: Actor, input: EligibleUsersQuery): Promise<EligibleUser[]> {
  authorize(actor, "users.read");
  const query = eligibleUsersQuery.parse(input);
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return selectEligible(
    query.roleKey, pattern ? Prisma.sql`AND (u.name ILIKE ${pattern} OR u.email ILIKE ${pattern})` : Prisma.empty, query.limit,
  );
}

/**
 * One person with their load, when they may take the role now — the same rule as the list, so a
 * link that names someone (a rebalancing suggestion) pre-selects only whom the picker would offer.
 */
export async function eligibleUser(actor: Actor, roleKey: string, userId: string): Promise<EligibleUser | null> {
  authorize(actor, "users.read");
  const [user] = await selectEligible(roleKeySchema.parse(roleKey), Prisma.sql`AND u.id = ${idSchema.parse(userId)}::uuid`, 1);
  return user ?? null;
}

async function selectEligible(roleKey: string, condition: Prisma.Sql, limit: number): Promise<EligibleUser[]> {
  const role = await findRole(db, roleKey);
  return db.$queryRaw<EligibleUser[]>`
    SELECT u.id::text, u.name, u.email, u.profile::text AS profile, u.capacity,
      (SELECT count(*)::int FROM account_role_assignments h WHERE h.role_key = ${role.key} AND h.user_id = u.id) AS accounts
    FROM users u
    WHERE u.active AND u.profile::text = ANY(${role.eligibleProfiles as string[]}::text[]) ${condition}
    ORDER BY u.name, u.id
    LIMIT ${limit}`;
}
