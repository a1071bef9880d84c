import "server-only";
import { db } from "@/lib/db/client.ts";
import { unique } from "@/test/factories.ts";

/** Test data for accounts and their opportunities, written straight to the database. */
export async function makeAccount(
  overrides: { name?: string; parentId?: string | null; csmInheritance?: "none" | "parent"; segment?: string; region?: string; arr?: number } = {},
) {
  return db.account.create({
    data: {
      name: overrides.name ?? `Account ${unique()}`,
      parentId: overrides.parentId ?? null,
      csmInheritance: overrides.csmInheritance ?? "none",
      segment: overrides.segment ?? null,
      region: overrides.region ?? null,
      arr: overrides.arr ?? null,
    },
    select: { id: true, name: true, version: true },
  });
}

export async function setHolder(accountId: string, roleKey: string, userId: string) {
  await db.$executeRaw`
    INSERT INTO account_role_assignments (account_id, role_key, user_id) VALUES (${accountId}::uuid, ${roleKey}, ${userId}::uuid)
    ON CONFLICT (account_id, role_key) DO UPDATE SET user_id = EXCLUDED.user_id, pending_email = NULL`;
}

export async function setPending(accountId: string, roleKey: string, email: string, name?: string) {
  await db.$executeRaw`
    INSERT INTO account_role_assignments (account_id, role_key, pending_email, pending_name, source)
    VALUES (${accountId}::uuid, ${roleKey}, ${email}, ${name ?? null}, 'import')`;
}

/** `count` opportunities in one statement. */
export async function makeOpportunities(
  accountId: string,
  count: number,
  options: { csmId?: string | null; closed?: boolean; overridden?: boolean } = {},
) {
  const stage = options.closed ? "closed_won" : "prospecting";
  await db.$executeRaw`
    INSERT INTO opportunities (account_id, name, stage, closed_at, csm_id, csm_overridden)
    SELECT ${accountId}::uuid, 'Opp ' || g, ${stage}::opportunity_stage, ${options.closed ? new Date() : null}::timestamptz,
      ${options.csmId ?? null}::uuid, ${options.overridden ?? false}
    FROM generate_series(1, ${count}::int) AS g`;
}

export async function csmsOf(accountId: string) {
  return db.opportunity.findMany({
    where: { accountId },
    select: { id: true, csmId: true, csmOverridden: true, isClosed: true, version: true },
  });
}
