import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import type { TokenView } from "./schemas.ts";
import { authorizeTokensOf, toTokenView, tokenViewSelect } from "./token-access.ts";

/**
 * `DELETE /users/{id}/tokens/{tokenId}`: the token stops authenticating at once, on every
 * instance (each request looks it up). Revoking a revoked token changes nothing. A token of
 * another user is "not found", so ids cannot be probed across users.
 */
export async function revokeToken({ actor, source }: ActorContext, userId: string, tokenId: string): Promise<TokenView> {
  authorizeTokensOf(actor, userId);
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ prefix: string; revoked: boolean }[]>`
      SELECT prefix, revoked_at IS NOT NULL AS revoked FROM api_tokens
      WHERE id = ${tokenId}::uuid AND user_id = ${userId}::uuid FOR UPDATE`;
    if (!row) throw notFound("Token");
    if (!row.revoked) {
      await tx.$executeRaw`UPDATE api_tokens SET revoked_at = now() WHERE id = ${tokenId}::uuid`;
      await recordAudit(tx, { actorId: actor.id, source }, [
        { entityType: "user", entityId: userId, field: "api_token_revoked", from: null, to: row.prefix },
      ]);
    }
    return toTokenView(await tx.apiToken.findUniqueOrThrow({ where: { id: tokenId }, select: tokenViewSelect }));
  });
}
