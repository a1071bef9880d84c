import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import type { TokenView } from "./schemas.ts";
import { authorizeTokensOf, toTokenView, tokenViewSelect } from "./token-access.ts";

/** `GET /users/{id}/tokens`: every token of the user, newest first, revoked and expired ones too. */
export async function listTokens(actor: Actor, userId: string): Promise<{ items: TokenView[] }> {
  authorizeTokensOf(actor, userId);
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw notFound("User");
  const rows = await db.apiToken.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: tokenViewSelect });
  return { items: rows.map(toTokenView) };
}
