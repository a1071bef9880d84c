import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { hashPassword } from "@/lib/auth/password.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { invalidFields, notFound } from "@/lib/errors/domain-error.ts";
import { userSelect } from "./queries.ts";
import type { UpdateUserInput, UserView } from "./schemas.ts";

export async function updateUser(context: ActorContext, id: string, input: UpdateUserInput): Promise<UserView> {
  authorize(context.actor, "users.manage");
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.$transaction((tx) => applyUserUpdate(tx, context, id, input, passwordHash));
}

/** The update in the caller's transaction (a deactivation transfers the leaver's books in the same one). */
export async function applyUserUpdate(
  tx: Tx, { actor, source }: ActorContext, id: string, input: UpdateUserInput, passwordHash?: string,
): Promise<UserView> {
  const [before] = await tx.$queryRaw<UserView[]>`
    SELECT id::text, email, name, profile::text AS profile, active, manager_id::text AS "managerId", capacity
    FROM users WHERE id = ${id}::uuid FOR UPDATE`;
  if (!before) throw notFound("User");
  if (input.managerId) {
    if (input.managerId === id) throw invalidFields({ managerId: "A user cannot be their own manager." });
    const cycle = await tx.$queryRaw<{ hit: boolean }[]>`
      WITH RECURSIVE chain AS (
        SELECT id, manager_id FROM users WHERE id = ${input.managerId}::uuid
        UNION ALL SELECT u.id, u.manager_id FROM users u JOIN chain c ON u.id = c.manager_id
      ) SELECT bool_or(id = ${id}::uuid) AS hit FROM chain`;
    if (cycle[0]?.hit === null) throw invalidFields({ managerId: "No such user." });
    if (cycle[0]?.hit) throw invalidFields({ managerId: "That would make a management loop." });
  }
  const user = await tx.user.update({
    where: { id },
    data: {
      name: input.name,
      profile: input.profile,
      active: input.active,
      managerId: input.managerId,
      capacity: input.capacity,
      passwordHash,
      // A new password or a deactivation ends every session signed in before it.
      ...(passwordHash || (input.active === false && before.active) ? { sessionVersion: { increment: 1 } } : {}),
      updatedAt: new Date(),
    },
    select: userSelect,
  });
  const fields = ["name", "profile", "active", "managerId", "capacity"] as const;
  await recordAudit(tx, { actorId: actor.id, source }, [
    ...fields.map((field) => ({ entityType: "user" as const, entityId: id, field, from: before[field], to: user[field] })),
    ...(passwordHash ? [{ entityType: "user" as const, entityId: id, field: "password", from: null, to: "changed" }] : []),
  ]);
  return user;
}
