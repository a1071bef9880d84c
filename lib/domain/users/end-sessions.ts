import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { notFound } from "@/lib/errors/domain-error.ts";

/**
 * "Sign out everywhere": every session of the user, on every device and instance, stops working
 * at its next request, because sessions carry the version they were issued under. A person may
 * end their own sessions; an admin anyone's.
 */
export async function endSessions({ actor, source }: ActorContext, userId: string): Promise<void> {
  if (userId !== actor.id) authorize(actor, "users.manage");
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ version: number }[]>`
      UPDATE users SET session_version = session_version + 1 WHERE id = ${userId}::uuid RETURNING session_version AS version`;
    if (rows.length === 0) throw notFound("User");
    await recordAudit(tx, { actorId: actor.id, source }, [
      { entityType: "user", entityId: userId, field: "sessions_ended", from: rows[0].version - 1, to: rows[0].version },
    ]);
  });
}
