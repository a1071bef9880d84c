import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";
import { decodeCursor, encodeCursor, isUuid } from "./queries.ts";
import type { AccountTableRow } from "./schemas.ts";

export const bookQuery = z.object({
  userId: idSchema,
  q: z.string().trim().max(255).optional(),
  dir: z.enum(["asc", "desc"]).default("asc"),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type BookQuery = z.input<typeof bookQuery>;

/** A row of someone's book: the accounts table's row plus the roles they hold on it. */
export type BookRow = AccountTableRow & { roles: string[] };

type RawRow = Omit<BookRow, "arr" | "team" | "fields"> & { arr: string | null; team: AccountTableRow["team"] | null; fields: AccountTableRow["fields"] | null };

/**
 * A person's book: every account where they hold any role, by name in keyset pages, each with its
 * team, ARR, open opportunity count and the person's roles on it. A book is at most a few hundred
 * accounts; they are found through account_role_assignments_user_idx and only the page's rows are
 * enriched.
 */
export async function listBook(actor: Actor, input: BookQuery) {
  authorize(actor, "accounts.read");
  const query = bookQuery.parse(input);
  const desc = query.dir === "desc";
  const after = query.cursor ? decodeCursor(query.cursor, (v) => v.length === 2 && typeof v[0] === "string" && isUuid(v[1])) : null;
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (after) where.push(Prisma.sql`(a.name, a.id) ${desc ? Prisma.sql`<` : Prisma.sql`>`} (${after[0] as string}, ${after[1] as string}::uuid)`);
  if (query.q) where.push(Prisma.sql`a.name ILIKE ${`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  const order = desc ? Prisma.sql`a.name DESC, a.id DESC` : Prisma.sql`a.name, a.id`;
  const mine = Prisma.sql`SELECT account_id, array_agg(role_key ORDER BY role_key) AS roles
    FROM account_role_assignments WHERE user_id = ${query.userId}::uuid GROUP BY account_id`;

  const [rows, [{ total }]] = await Promise.all([
    db.$queryRaw<RawRow[]>`
      WITH mine AS (${mine}), page AS (
        SELECT a.*, m.roles FROM mine m JOIN accounts a ON a.id = m.account_id
        WHERE ${Prisma.join(where, " AND ")} ORDER BY ${order} LIMIT ${query.limit + 1}
      )
      SELECT a.id::text, a.external_id AS "externalId", a.name, a.parent_id::text AS "parentId", p.name AS "parentName",
        a.segment, a.region, a.arr::text AS arr, a.csm_inheritance::text AS "csmInheritance", a.roles,
        (SELECT count(*)::int FROM opportunities o WHERE o.account_id = a.id AND NOT o.is_closed) AS "openOpportunities",
        (SELECT jsonb_object_agg(h.role_key, jsonb_build_object(
            'id', h.user_id, 'name', coalesce(u.name, h.pending_name), 'pendingEmail', h.pending_email))
          FROM account_role_assignments h LEFT JOIN users u ON u.id = h.user_id WHERE h.account_id = a.id) AS team,
        (SELECT jsonb_object_agg(v.field_key, coalesce(to_jsonb(v.num), to_jsonb(v.text), to_jsonb(v.date), to_jsonb(v.bool)))
          FROM account_field_values v WHERE v.account_id = a.id) AS fields
      FROM page a LEFT JOIN accounts p ON p.id = a.parent_id
      ORDER BY ${order}`,
    db.$queryRaw<{ total: number }[]>`
      SELECT count(*)::int AS total FROM (${mine}) m JOIN accounts a ON a.id = m.account_id
      WHERE ${query.q ? Prisma.sql`a.name ILIKE ${`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : Prisma.sql`TRUE`}`,
  ]);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((row): BookRow => ({ ...row, arr: row.arr === null ? null : Number(row.arr), team: row.team ?? {}, fields: row.fields ?? {} })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
    total,
  };
}
