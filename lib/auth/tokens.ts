import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db/client.ts";
import { type Actor, loadActor } from "./actor.ts";

const TOKEN_PREFIX = "rst_";

/** Tokens are stored as their SHA-256: they are long and random, so a slow hash buys nothing. */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(hashToken(a));
  const right = Buffer.from(hashToken(b));
  return timingSafeEqual(left, right);
}

let bootstrapped: Promise<void> | undefined;

/**
 * ROSTER_ADMIN_TOKEN: an active admin with ROSTER_ADMIN_EMAIL exists and the token authenticates
 * as it. Idempotent, so every instance may run it at start or on first use.
 */
export function ensureBootstrapAdmin(): Promise<void> {
  const token = process.env.ROSTER_ADMIN_TOKEN;
  if (!token) return Promise.resolve();
  bootstrapped ??= (async () => {
    const email = (process.env.ROSTER_ADMIN_EMAIL ?? "admin@roster.local").trim();
    const rows = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO users (email, name, profile, active)
      VALUES (${email}, 'Roster administrator', 'admin', true)
      ON CONFLICT ((lower(email))) DO UPDATE SET profile = 'admin', active = true, updated_at = now()
      RETURNING id::text`;
    const userId = rows[0].id;
    await db.$executeRaw`
      INSERT INTO api_tokens (user_id, token_hash, prefix, name)
      VALUES (${userId}::uuid, ${hashToken(token)}, ${token.slice(0, 8)}, 'ROSTER_ADMIN_TOKEN')
      ON CONFLICT (token_hash) DO UPDATE SET user_id = EXCLUDED.user_id, revoked_at = NULL`;
  })().catch((error) => {
    bootstrapped = undefined;
    throw error;
  });
  return bootstrapped;
}

/** The actor behind `Authorization: Bearer <token>`, or null when there is none or it is bad. */
export async function authenticateBearer(header: string | null): Promise<Actor | null> {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match) return null;
  const token = match[1];
  const bootstrap = process.env.ROSTER_ADMIN_TOKEN;
  if (bootstrap && sameSecret(token, bootstrap)) await ensureBootstrapAdmin();
  const rows = await db.$queryRaw<{ user_id: string }[]>`
    UPDATE api_tokens SET last_used_at = now()
    WHERE token_hash = ${hashToken(token)} AND revoked_at IS NULL
    RETURNING user_id::text`;
  if (rows.length === 0) return null;
  return loadActor(rows[0].user_id);
}
