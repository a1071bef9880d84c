import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import { type AccountSet, inAccountSet, isEmptyAccountSet } from "./account-set.ts";

export type LockedAccount = {
  id: string;
  name: string;
  parentId: string | null;
  csmInheritance: "none" | "parent";
  version: number;
};

/**
 * Row-locks an account for the rest of the transaction. Every change that touches an account's
 * CSM or its open opportunities (reassignment, opportunity creation, close, override clear) takes
 * this lock first, so they serialize and an account never ends with mixed CSMs.
 */
export async function lockAccount(tx: Tx, accountId: string): Promise<LockedAccount> {
  const [account] = await tx.$queryRaw<LockedAccount[]>`
    SELECT id::text, name, parent_id::text AS "parentId", csm_inheritance::text AS "csmInheritance", version
    FROM accounts WHERE id = ${accountId}::uuid FOR UPDATE`;
  if (!account) throw notFound("Account");
  return account;
}

/** The user holding `roleKey` on the account (null when unassigned or only pending). */
export async function roleHolderId(tx: Tx, accountId: string, roleKey: string): Promise<string | null> {
  const [row] = await tx.$queryRaw<{ user_id: string | null }[]>`
    SELECT user_id::text FROM account_role_assignments WHERE account_id = ${accountId}::uuid AND role_key = ${roleKey}`;
  return row?.user_id ?? null;
}

/**
 * Row-locks many accounts, ancestors before descendants (then by id). Every path that locks more
 * than one account (a parent and its inheriting children, a book transfer) locks top-down, so two
 * of them can only ever wait for each other, never deadlock.
 */
function lockTopDown(set: AccountSet): Prisma.Sql {
  return Prisma.sql`
    WITH RECURSIVE up AS (
      SELECT a.id AS account_id, a.parent_id, 0 AS depth FROM accounts a WHERE ${inAccountSet(Prisma.sql`a.id`, set)}
      UNION ALL
      SELECT up.account_id, p.parent_id, up.depth + 1 FROM up JOIN accounts p ON p.id = up.parent_id WHERE up.depth < 64
    ), depth AS (SELECT account_id, max(depth) AS depth FROM up GROUP BY account_id)
    SELECT a.id::text AS id FROM accounts a JOIN depth d ON d.account_id = a.id
    ORDER BY d.depth, a.id
    FOR UPDATE OF a`;
}

/** Locks the accounts top-down (see lockTopDown) and returns the ids it locked. */
export async function lockAccountsTopDown(tx: Tx, accountIds: string[]): Promise<string[]> {
  if (accountIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>(lockTopDown(accountIds));
  return rows.map((row) => row.id);
}

/** Locks a set of any size top-down without sending its ids back; returns how many it locked. */
export async function lockAccountSet(tx: Tx, set: AccountSet): Promise<number> {
  if (isEmptyAccountSet(set)) return 0;
  const [{ locked }] = await tx.$queryRaw<{ locked: number }[]>`
    WITH locked AS (${lockTopDown(set)}) SELECT count(*)::int AS locked FROM locked`;
  return locked;
}
