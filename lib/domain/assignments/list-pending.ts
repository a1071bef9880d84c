import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import type { PendingAssignment } from "./schemas.ts";

/** `GET /assignments/pending`: role slots waiting for a user with that email to exist, oldest first. */
export async function listPendingAssignments(actor: Actor): Promise<{ items: PendingAssignment[] }> {
  authorize(actor, "pending.read");
  const rows = await db.accountRoleAssignment.findMany({
    where: { userId: null },
    select: {
      roleKey: true, pendingEmail: true, pendingName: true, assignedAt: true, source: true,
      account: { select: { id: true, name: true, externalId: true } },
    },
    orderBy: [{ assignedAt: "asc" }, { accountId: "asc" }, { roleKey: "asc" }],
  });
  return {
    items: rows.map((row) => ({
      account: row.account,
      roleKey: row.roleKey,
      email: row.pendingEmail ?? "",
      name: row.pendingName,
      createdAt: row.assignedAt.toISOString(),
      source: row.source,
    })),
  };
}
