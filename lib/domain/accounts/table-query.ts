import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { decodeCursor, encodeCursor, isUuid } from "./queries.ts";
import type { AccountTableQuery, AccountTableRow } from "./schemas.ts";
import { fieldDefinitions } from "@/lib/domain/account-fields/queries.ts";
import { fieldConditions, fieldKeyset } from "@/lib/domain/account-fields/field-query.ts";
import { fieldKeyOfSort } from "@/lib/domain/account-fields/field-params.ts";
import type { AccountFieldView } from "@/lib/domain/account-fields/schemas.ts";

type RawRow = Omit<AccountTableRow, "arr" | "team" | "fields"> & {
  arr: string | null; team: AccountTableRow["team"] | null; fields: AccountTableRow["fields"] | null; sortValue: string | null;
};

const holds = (roleKey: string, userId: string) => Prisma.sql`EXISTS (SELECT 1 FROM account_role_assignments h
  WHERE h.account_id = a.id AND h.role_key = ${roleKey} AND h.user_id = ${userId}::uuid)`;

/**
 * The table's filters as SQL conditions on `a`; exports apply exactly these. `fields` are the
 * account-field definitions, needed when the query filters on one (fieldDefinitions()).
 */
export function filters(query: AccountTableQuery, fields: AccountFieldView[] = []): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(Prisma.sql`(a.name ILIKE ${pattern} OR a.external_id = ${query.q})`);
  }
  if (query.csmId) where.push(holds("csm", query.csmId));
  if (query.saId) where.push(holds("sa", query.saId));
  if (query.roleKey && query.holderId) where.push(holds(query.roleKey, query.holderId));
  if (query.unassignedRole) {
    // A pending holder is not yet anyone, and one who has left covers nothing: the account is a gap.
    where.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM account_role_assignments h JOIN users hu ON hu.id = h.user_id AND hu.active
      WHERE h.account_id = a.id AND h.role_key = ${query.unassignedRole})`);
  }
  if (query.segment) where.push(Prisma.sql`a.segment = ${query.segment}`);
  if (query.region) where.push(Prisma.sql`a.region = ${query.region}`);
  if (query.level === "parent") where.push(Prisma.sql`a.parent_id IS NULL`);
  if (query.level === "child") where.push(Prisma.sql`a.parent_id IS NOT NULL`);
  where.push(...fieldConditions(fields, query.fieldFilters));
  return where;
}

type Branch = { where: Prisma.Sql; order: Prisma.Sql; join?: Prisma.Sql; value?: Prisma.Sql };
type Keyset = { branches: Branch[]; order: Prisma.Sql; cursorOf: (row: RawRow) => string };

/**
 * Keyset branches and order for the whitelisted sorts. Each branch is one range of an index read
 * forwards or backwards — (name, id) or (arr, id) — so a page costs the same at row 50 or row
 * 99,950. Accounts without ARR sort last ascending and first descending, as the (arr, id) index
 * stores them; a page that crosses from priced to unpriced rows reads two ranges (UNION ALL).
 * A `field.<key>` sort pages the same way over the account-field side table (fieldKeyset).
 */
function keyset(query: AccountTableQuery, fields: AccountFieldView[]): Keyset {
  const desc = query.dir === "desc";
  const fieldKey = fieldKeyOfSort(query.sort);
  if (fieldKey) return fieldKeyset(fields, fieldKey, desc, query.cursor);
  if (query.sort === "name") {
    const after = query.cursor ? decodeCursor(query.cursor, (v) => v.length === 2 && typeof v[0] === "string" && isUuid(v[1])) : null;
    const cmp = desc ? Prisma.sql`<` : Prisma.sql`>`;
    const order = desc ? Prisma.sql`a.name DESC, a.id DESC` : Prisma.sql`a.name, a.id`;
    return {
      branches: [{ where: after ? Prisma.sql`(a.name, a.id) ${cmp} (${after[0] as string}, ${after[1] as string}::uuid)` : Prisma.sql`TRUE`, order }],
      order,
      cursorOf: (row: RawRow) => encodeCursor([row.name, row.id]),
    };
  }
  const order = desc ? Prisma.sql`a.arr DESC NULLS FIRST, a.id DESC` : Prisma.sql`a.arr ASC NULLS LAST, a.id`;
  const priced = { order: desc ? Prisma.sql`a.arr DESC, a.id DESC` : Prisma.sql`a.arr, a.id` };
  const unpriced = { order: desc ? Prisma.sql`a.id DESC` : Prisma.sql`a.id` };
  const after = query.cursor
    ? decodeCursor(query.cursor, (v) => v.length === 2 && (v[0] === null || (typeof v[0] === "string" && /^\d+(\.\d+)?$/.test(v[0]))) && isUuid(v[1]))
    : null;
  let branches: Branch[] = [{ where: Prisma.sql`TRUE`, order }];
  if (after) {
    const [arr, id] = after as [string | null, string];
    const cmp = desc ? Prisma.sql`<` : Prisma.sql`>`;
    if (arr === null) {
      branches = [{ where: Prisma.sql`a.arr IS NULL AND a.id ${cmp} ${id}::uuid`, ...unpriced }];
      if (desc) branches.push({ where: Prisma.sql`a.arr IS NOT NULL`, ...priced });
    } else {
      branches = [{ where: Prisma.sql`(a.arr, a.id) ${cmp} (${arr}::numeric, ${id}::uuid)`, ...priced }];
      if (!desc) branches.push({ where: Prisma.sql`a.arr IS NULL`, ...unpriced });
    }
  }
  return { branches, order, cursorOf: (row: RawRow) => encodeCursor([row.arr, row.id]) };
}

/**
 * The accounts table of the UI: filters, a whitelisted sort, keyset pages, and for each row its
 * parent's name, its team's holders and its open opportunity count. Only the page's rows are
 * enriched (the counts use the partial index of open opportunities), so a page stays fast at
 * 100k accounts; `total` is one count over the same filters.
 */
export async function listAccountsForTable(actor: Actor, query: AccountTableQuery) {
  authorize(actor, "accounts.read");
  const fields = await fieldDefinitions();
  const where = filters(query, fields);
  const page = keyset(query, fields);
  const [rows, [{ total }]] = await Promise.all([
    db.$queryRaw<RawRow[]>`
      WITH page AS (
        SELECT * FROM (${Prisma.join(page.branches.map((branch) => Prisma.sql`(
          SELECT a.id, a.external_id, a.name, a.parent_id, a.segment, a.region, a.arr, a.csm_inheritance,
            ${branch.value ?? Prisma.sql`NULL::text`} AS sort_value
          FROM accounts a ${branch.join ?? Prisma.empty}
          WHERE ${Prisma.join([...where, branch.where], " AND ")}
          ORDER BY ${branch.order}
          LIMIT ${query.limit + 1})`), " UNION ALL ")}) a
        ORDER BY ${page.order}
        LIMIT ${query.limit + 1}
      )
      SELECT a.id::text, a.external_id AS "externalId", a.name, a.parent_id::text AS "parentId", p.name AS "parentName",
        a.segment, a.region, a.arr::text AS arr, a.csm_inheritance::text AS "csmInheritance",
        (SELECT count(*)::int FROM opportunities o WHERE o.account_id = a.id AND NOT o.is_closed) AS "openOpportunities",
        (SELECT jsonb_object_agg(h.role_key, jsonb_build_object(
            'id', h.user_id, 'name', coalesce(u.name, h.pending_name), 'pendingEmail', h.pending_email))
          FROM account_role_assignments h LEFT JOIN users u ON u.id = h.user_id WHERE h.account_id = a.id) AS team,
        (SELECT jsonb_object_agg(v.field_key, coalesce(to_jsonb(v.num), to_jsonb(v.text), to_jsonb(v.date), to_jsonb(v.bool)))
          FROM account_field_values v WHERE v.account_id = a.id) AS fields,
        a.sort_value AS "sortValue"
      FROM page a LEFT JOIN accounts p ON p.id = a.parent_id
      ORDER BY ${page.order}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM accounts a WHERE ${Prisma.join(where, " AND ")}`,
  ]);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(({ sortValue: _sortValue, ...row }): AccountTableRow => ({
      ...row, arr: row.arr === null ? null : Number(row.arr), team: row.team ?? {}, fields: row.fields ?? {},
    })),
    nextCursor: rows.length > query.limit && last ? page.cursorOf(last) : null,
    total,
  };
}
