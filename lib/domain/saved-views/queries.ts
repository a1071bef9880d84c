import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import type { SavedView, SavedViewTable } from "./schemas.ts";

type Row = Omit<SavedView, "createdAt" | "updatedAt" | "owner"> & { ownerId: string; ownerName: string; createdAt: Date; updatedAt: Date };

/** Reading a table's views needs reading the table. */
export function authorizeTable(actor: Actor, table: SavedViewTable): void {
  authorize(actor, table === "accounts" ? "accounts.read" : "opportunities.read");
}

const toView = ({ ownerId, ownerName, createdAt, updatedAt, ...row }: Row): SavedView => ({
  ...row, owner: { id: ownerId, name: ownerName }, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString(),
});

// A view the caller may see: their own, or one shared with everyone. Any other is "not found".
const visibleTo = (actor: Actor) => Prisma.sql`(v.owner_id = ${actor.id}::uuid OR v.shared)`;

async function select(actor: Actor, where: Prisma.Sql, client: Prisma.TransactionClient | typeof db = db): Promise<SavedView[]> {
  const rows = await client.$queryRaw<Row[]>`
    SELECT v.id::text, v.table_key AS "table", v.name, v.query, v.shared, v.owner_id::text AS "ownerId", u.name AS "ownerName",
      v.owner_id = ${actor.id}::uuid AS mine, d.view_id IS NOT NULL AS "isDefault", v.created_at AS "createdAt", v.updated_at AS "updatedAt"
    FROM saved_views v JOIN users u ON u.id = v.owner_id
    LEFT JOIN saved_view_defaults d ON d.view_id = v.id AND d.user_id = ${actor.id}::uuid
    WHERE ${visibleTo(actor)} AND ${where}
    ORDER BY v.owner_id <> ${actor.id}::uuid, lower(v.name), v.id`;
  return rows.map(toView);
}

/** The caller's own views of a table, then those others shared, by name. */
export async function listSavedViews(actor: Actor, table: SavedViewTable): Promise<SavedView[]> {
  authorizeTable(actor, table);
  return select(actor, Prisma.sql`v.table_key = ${table}`);
}

export async function getSavedView(actor: Actor, id: string, client: Prisma.TransactionClient | typeof db = db): Promise<SavedView> {
  const [view] = await select(actor, Prisma.sql`v.id = ${id}::uuid`, client);
  if (!view) throw notFound("Saved view");
  authorizeTable(actor, view.table);
  return view;
}

/**
 * The caller's default view of a table, if they set one and may still see it (a view its owner
 * stopped sharing no longer applies).
 */
export async function defaultSavedView(actor: Actor, table: SavedViewTable): Promise<SavedView | null> {
  authorizeTable(actor, table);
  const [view] = await select(actor, Prisma.sql`v.table_key = ${table} AND d.view_id IS NOT NULL`);
  return view ?? null;
}
