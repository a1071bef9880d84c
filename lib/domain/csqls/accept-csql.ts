import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { loadCsqlView, lockCsql } from "./queries.ts";
import type { CsqlView } from "./schemas.ts";
import { assertMayWork } from "./work-rules.ts";

/** The owner takes the lead on; from the sales ops queue, whoever accepts it becomes its owner. */
export async function acceptCsql({ actor, source }: ActorContext, id: string): Promise<CsqlView> {
  return db.$transaction(async (tx) => {
    const csql = await lockCsql(tx, actor, id);
    assertMayWork(actor, csql, ["new"], "accepted");
    const ownerId = csql.owner_id ?? actor.id;
    await tx.csql.update({
      where: { id }, data: { status: "accepted", ownerId, decidedAt: new Date(), updatedAt: new Date(), version: { increment: 1 } }, select: { id: true },
    });
    await recordAudit(tx, { actorId: actor.id, source }, [
      { entityType: "csql", entityId: id, field: "status", from: csql.status, to: "accepted" },
      { entityType: "csql", entityId: id, field: "owner", from: csql.owner_id, to: ownerId },
    ]);
    return loadCsqlView(tx, id);
  });
}
