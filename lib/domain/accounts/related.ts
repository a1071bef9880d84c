import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";

export type AccountRef = { id: string; name: string };

/**
 * An account's parent and its first `limit` children by name, with the total number of children:
 * the hierarchy links of the account page. Served by the primary key and accounts_parent_idx.
 */
export async function accountRelations(actor: Actor, accountId: string, parentId: string | null, limit = 25) {
  authorize(actor, "accounts.read");
  const [parent, children, [{ total }]] = await Promise.all([
    parentId ? db.account.findUnique({ where: { id: parentId }, select: { id: true, name: true } }) : null,
    db.account.findMany({ where: { parentId: accountId }, select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }], take: limit }),
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM accounts WHERE parent_id = ${accountId}::uuid`,
  ]);
  return { parent: parent as AccountRef | null, children: children as AccountRef[], childCount: total };
}

/** Accounts whose name matches, for the parent picker (the first `limit` by name). */
export async function searchAccounts(actor: Actor, q: string, limit = 10): Promise<AccountRef[]> {
  authorize(actor, "accounts.read");
  const term = q.trim();
  if (!term) return [];
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db.$queryRaw<AccountRef[]>`
    SELECT id::text, name FROM accounts WHERE name ILIKE ${pattern} OR external_id = ${term}
    ORDER BY name, id LIMIT ${limit}`;
}
