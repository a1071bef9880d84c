import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { hashToken, newToken, tokenPrefix } from "@/lib/auth/tokens.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";
import type { IssueTokenInput } from "./schemas.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Issues an API token for a user. The plain token is returned once and only its hash is kept;
 * with `expiresInDays` it stops authenticating after that many days.
 */
export async function issueToken({ actor, source }: ActorContext, userId: string, input: IssueTokenInput = {}) {
  authorize(actor, "tokens.issue");
  const token = newToken();
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, active: true } });
    if (!user) throw notFound("User");
    if (!user.active) throw new DomainError("invalid_transition", "Tokens cannot be issued to an inactive user.");
    const row = await tx.apiToken.create({
      data: {
        userId, tokenHash: hashToken(token), prefix: tokenPrefix(token), name: input.name || null,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null,
      },
      select: { id: true, prefix: true, createdAt: true, expiresAt: true },
    });
    await recordAudit(tx, { actorId: actor.id, source }, [
      { entityType: "user", entityId: userId, field: "api_token", from: null, to: row.prefix },
    ]);
    return {
      token, id: row.id, prefix: row.prefix, createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt?.toISOString() ?? null,
    };
  });
}
