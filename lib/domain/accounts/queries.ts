import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { invalidFields, notFound } from "@/lib/errors/domain-error.ts";
import { userSelect } from "@/lib/domain/users/queries.ts";
import type { UserView } from "@/lib/domain/users/schemas.ts";
import { fieldDefinitions, fieldValuesOf } from "@/lib/domain/account-fields/queries.ts";
import { fieldConditions, fieldKeyset } from "@/lib/domain/account-fields/field-query.ts";
import { fieldKeyOfSort } from "@/lib/domain/account-fields/field-params.ts";
import type { FieldValue } from "@/lib/domain/account-fields/schemas.ts";
import type { AccountView, ListAccountsQuery } from "./schemas.ts";

type Client = Tx | typeof db;

const accountSelect = {
  id: true, externalId: true, name: true, parentId: true, segment: true, region: true, arr: true,
  csmInheritance: true, version: true,
  assignments: { select: { roleKey: true, pendingEmail: true, pendingName: true, user: { select: userSelect } } },
} as const satisfies Prisma.AccountSelect;

type AccountRow = Prisma.AccountGetPayload<{ select: typeof accountSelect }>;

function toAccountView(row: AccountRow, roleKeys: string[], fields: Record<string, FieldValue>): AccountView {
  // Every role has a slot, so clients can tell "unassigned" from "unknown role".
  const team: Record<string, UserView | null> = Object.fromEntries(roleKeys.map((key) => [key, null]));
  const pending: AccountView["pending"] = {};
  for (const assignment of row.assignments) {
    if (assignment.user) team[assignment.roleKey] = assignment.user;
    else if (assignment.pendingEmail) pending[assignment.roleKey] = { email: assignment.pendingEmail, name: assignment.pendingName };
  }
  return {
    id: row.id,
    externalId: row.externalId,
    name: row.name,
    parentId: row.parentId,
    segment: row.segment,
    region: row.region,
    arr: row.arr === null ? null : Number(row.arr),
    csmInheritance: row.csmInheritance,
    version: row.version,
    team,
    pending,
    fields,
  };
}

async function roleKeys(client: Client): Promise<string[]> {
  const roles = await client.accountRole.findMany({ select: { key: true }, orderBy: [{ sortOrder: "asc" }, { key: "asc" }] });
  return roles.map((role) => role.key);
}

/** Account views in the order of `ids`; pass the transaction to see its own changes. */
export async function accountViews(client: Client, ids: string[]): Promise<AccountView[]> {
  if (ids.length === 0) return [];
  const [rows, keys, fields] = await Promise.all([
    client.account.findMany({ where: { id: { in: ids } }, select: accountSelect }),
    roleKeys(client),
    fieldValuesOf(client, ids),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toAccountView(row, keys, fields.get(id) ?? {})] : [];
  });
}

export async function loadAccountView(client: Client, id: string): Promise<AccountView> {
  const [view] = await accountViews(client, [id]);
  if (!view) throw notFound("Account");
  return view;
}

export async function getAccount(actor: Actor, id: string): Promise<AccountView> {
  authorize(actor, "accounts.read");
  return loadAccountView(db, id);
}

/** Opaque keyset cursors: base64url of the last row's sort values. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor(cursor: string, shape: (values: unknown[]) => boolean): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(values) && shape(values)) return values;
  } catch {
    // fall through: any undecodable cursor is the caller's mistake
  }
  throw invalidFields({ cursor: "Not a cursor from this list." });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

/**
 * `GET /accounts`: keyset pages ordered by (name, id), served by accounts_name_id_idx, or by an
 * account field (`sort=field.<key>`, see fieldKeyset) with `field.<key>` filters.
 */
export async function listAccounts(actor: Actor, query: ListAccountsQuery): Promise<{ items: AccountView[]; nextCursor: string | null }> {
  authorize(actor, "accounts.read");
  const fields = await fieldDefinitions();
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(Prisma.sql`(a.name ILIKE ${pattern} OR a.external_id = ${query.q})`);
  }
  if (query.parentId) conditions.push(Prisma.sql`a.parent_id = ${query.parentId}::uuid`);
  if (query.csmId) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM account_role_assignments h
      WHERE h.account_id = a.id AND h.role_key = 'csm' AND h.user_id = ${query.csmId}::uuid)`);
  }
  conditions.push(...fieldConditions(fields, query.fieldFilters));
  const sort = query.sort ?? "name";
  const desc = sort.startsWith("-") || query.dir === "desc";
  const fieldKey = fieldKeyOfSort(sort.replace(/^-/, ""));

  if (fieldKey) {
    const page = fieldKeyset(fields, fieldKey, desc, query.cursor);
    const rows = await db.$queryRaw<{ id: string; sortValue: string | null }[]>`
      SELECT a.id::text, a.sort_value AS "sortValue" FROM (${Prisma.join(page.branches.map((branch) => Prisma.sql`(
        SELECT a.id, ${branch.value} AS sort_value FROM accounts a ${branch.join}
        WHERE ${Prisma.join([...conditions, branch.where], " AND ")}
        ORDER BY ${branch.order} LIMIT ${query.limit + 1})`), " UNION ALL ")}) a
      ORDER BY ${page.order}
      LIMIT ${query.limit + 1}`;
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: await accountViews(db, items.map((row) => row.id)),
      nextCursor: rows.length > query.limit && last ? page.cursorOf(last) : null,
    };
  }

  const after = query.cursor
    ? decodeCursor(query.cursor, (v) => v.length === 2 && typeof v[0] === "string" && isUuid(v[1]))
    : null;
  const cmp = desc ? Prisma.sql`<` : Prisma.sql`>`;
  if (after) conditions.push(Prisma.sql`(a.name, a.id) ${cmp} (${after[0] as string}, ${after[1] as string}::uuid)`);
  const rows = await db.$queryRaw<{ id: string; name: string }[]>`
    SELECT a.id::text, a.name FROM accounts a
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY ${desc ? Prisma.sql`a.name DESC, a.id DESC` : Prisma.sql`a.name, a.id`}
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await accountViews(db, page.map((row) => row.id)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
  };
}
