import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { decodeCursor, encodeCursor, isIsoTimestamp, isUuid } from "@/lib/domain/opportunities/cursor.ts";
import { consumeChanges } from "./consume-changes.ts";
import type { ListNotificationsQuery, MarkReadInput, NotificationView } from "./schemas.ts";

/** Catches up with the feed first (cheap when nothing is new), so a change shows at once even where no worker runs. */
async function fresh(): Promise<void> {
  await consumeChanges({ maxPages: 3 }).catch((error) => console.error("[roster] notifications could not catch up", error));
}

/** The signed-in person's own notifications, newest first (keyset on at, id), and how many are unread. */
export async function listNotifications(actor: Actor, query: ListNotificationsQuery): Promise<{ items: NotificationView[]; nextCursor: string | null; unread: number }> {
  await fresh();
  const after = query.cursor ? decodeCursor(query.cursor, (v) => v.length === 2 && isIsoTimestamp(v[0]) && isUuid(v[1])) : null;
  const where: Prisma.NotificationWhereInput = {
    userId: actor.id,
    type: query.type,
    ...(query.unread ? { readAt: null } : {}),
    ...(after ? { OR: [{ at: { lt: new Date(after[0] as string) } }, { at: new Date(after[0] as string), id: { lt: after[1] as string } }] } : {}),
  };
  const [rows, unread] = await Promise.all([
    db.notification.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take: query.limit + 1 }),
    db.notification.count({ where: { userId: actor.id, readAt: null } }),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id, type: row.type, at: row.at.toISOString(), title: row.title, body: row.body, link: row.link, readAt: row.readAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null,
    unread,
  };
}

/** Marks some (or all) of one's own notifications read; someone else's are simply not touched. */
export async function markRead(actor: Actor, input: MarkReadInput): Promise<{ unread: number }> {
  await db.notification.updateMany({
    where: { userId: actor.id, readAt: null, ...(input.ids === "all" ? {} : { id: { in: input.ids } }) },
    data: { readAt: new Date() },
  });
  return { unread: await db.notification.count({ where: { userId: actor.id, readAt: null } }) };
}

/** For every page's shell: what is stored, without catching up with the feed (the bell does that). */
export function storedUnreadCount(actor: Actor): Promise<number> {
  return db.notification.count({ where: { userId: actor.id, readAt: null } });
}
