import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { loadCsqlView, lockCsql } from "./queries.ts";
import type { CsqlView, RejectCsqlInput } from "./schemas.ts";
import { assertMayWork } from "./work-rules.ts";

/** Turned down, with the reason the person who raised it will read. Final. */
export async function rejectCsql({ actor, source }: ActorContext, id: string, input: RejectCsqlInput): Promise<CsqlView> {
  return db.$transaction(async (tx) => {
    const csql = await lockCsql(tx, actor, id);
    assertMayWork(actor, csql, ["new", "accepted"], "rejected");
    await tx.csql.update({
      where: { id },
      data: { status: "rejected", rejectReason: input.reason, ownerId: csql.owner_id ?? actor.id, decidedAt: new Date(), updatedAt: new Date(), version: { increment: 1 } },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: actor.id, source, reason: input.reason }, [
      { entityType: "csql", entityId: id, field: "status", from: csql.status, to: "rejected" },
    ]);
    return loadCsqlView(tx, id);
  });
}
