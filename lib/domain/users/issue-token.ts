import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { hashToken, newToken } from "@/lib/auth/tokens.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";

/** Issues an API token for a user. The plain token is returned once and only its hash is kept. */
export async function issueToken({ actor, source }: ActorContext, userId: string, name?: string) {
  authorize(actor, "tokens.issue");
  const token = newToken();
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, active: true } });
    if (!user) throw notFound("User");
    if (!user.active) throw new DomainError("invalid_transition", "Tokens cannot be issued to an inactive user.");
    const row = await tx.apiToken.create({
      data: { userId, tokenHash: hashToken(token), prefix: token.slice(0, 8), name: name ?? null },
      select: { id: true, prefix: true, createdAt: true },
    });
    await recordAudit(tx, { actorId: actor.id, source }, [
      { entityType: "user", entityId: userId, field: "api_token", from: null, to: row.prefix },
    ]);
    return { token, id: row.id, prefix: row.prefix, createdAt: row.createdAt.toISOString() };
  });
}
