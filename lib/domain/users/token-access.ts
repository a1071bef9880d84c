import "server-only";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize, can } from "@/lib/auth/permissions.ts";
import type { TokenView } from "./schemas.ts";

/** An admin handles anyone's tokens; everyone else only their own. */
export function authorizeTokensOf(actor: Actor, userId: string): void {
  if (userId === actor.id && can(actor.profile, "tokens.manageOwn")) return;
  authorize(actor, "tokens.manage");
}

export const tokenViewSelect = {
  id: true, prefix: true, name: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true,
} as const;

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toTokenView(row: {
  id: string; prefix: string; name: string | null; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null;
}): TokenView {
  return {
    id: row.id, prefix: row.prefix, name: row.name, createdAt: row.createdAt.toISOString(),
    lastUsedAt: iso(row.lastUsedAt), expiresAt: iso(row.expiresAt), revokedAt: iso(row.revokedAt),
  };
}
