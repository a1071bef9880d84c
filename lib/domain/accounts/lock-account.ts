import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { notFound } from "@/lib/domain/errors.ts";

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
