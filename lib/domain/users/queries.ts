import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Prisma } from "@/lib/db/generated/client.ts";
import { type Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import type { ListUsersQuery, UserView } from "./schemas.ts";

export const userSelect = {
  id: true, email: true, name: true, profile: true, active: true, managerId: true, capacity: true,
} as const satisfies Prisma.UserSelect;

export const toUserView = (user: UserView): UserView => ({
  id: user.id, email: user.email, name: user.name, profile: user.profile,
  active: user.active, managerId: user.managerId, capacity: user.capacity,
});

export async function listUsers(actor: Actor, query: ListUsersQuery): Promise<UserView[]> {
  authorize(actor, "users.read");
  return db.user.findMany({
    where: {
      profile: query.profile,
      active: query.active,
      ...(query.q
        ? { OR: [{ name: { contains: query.q, mode: "insensitive" } }, { email: { contains: query.q, mode: "insensitive" } }] }
        : {}),
    },
    select: userSelect,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 1000,
  });
}

export async function getUser(actor: Actor, id: string): Promise<UserView> {
  authorize(actor, "users.read");
  const user = await db.user.findUnique({ where: { id }, select: userSelect });
  if (!user) throw notFound("User");
  return user;
}

/** Users keyed by id, for rendering `user` objects in account and opportunity views. */
export async function usersById(ids: Iterable<string | null | undefined>) {
  const wanted = [...new Set([...ids].filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map<string, UserView>();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: userSelect });
  return new Map(users.map((user) => [user.id, user]));
}
