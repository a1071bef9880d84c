import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "./actor.ts";
import { bootstrapTokenProblem, hashPrefix, syncBootstrapToken } from "./bootstrap-token.ts";
import { assertBearerAllowed, recordBearerFailure } from "./throttle.ts";

/** Tokens are stored as their SHA-256: they are long and random, so a slow hash buys nothing. */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * `rst_<tag>_<secret>`: the tag (8 hex characters) names the token in lists and is not part of
 * the secret, which is 256 random bits. The whole string is what is hashed and checked.
 */
export function newToken(): string {
  return `rst_${randomBytes(4).toString("hex")}_${randomBytes(32).toString("base64url")}`;
}

/** What a token's `prefix` shows: its public tag, or for any other token a piece of its hash. */
export function tokenPrefix(token: string): string {
  const tagged = token.match(/^(rst_[0-9a-f]{8})_/);
  return tagged ? tagged[1] : hashPrefix(token);
}

const runQuery = async (sql: string, params: unknown[]) => ({ rows: await db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...params) });

// Compared as hashes of equal length, so the comparison's time says nothing about the secret.
const sameSecret = (a: string, b: string) => timingSafeEqual(Buffer.from(hashToken(a)), Buffer.from(hashToken(b)));

let bootstrapped: { token: string; done: Promise<void> } | undefined;

/**
 * ROSTER_ADMIN_TOKEN: the stored credential follows the variable (lib/auth/bootstrap-token.ts).
 * Run at start by instrumentation.ts; here also on first use, for processes without that hook
 * (tests, the bench). A weak token is refused, never stored.
 */
export function ensureBootstrapAdmin(): Promise<void> {
  const token = process.env.ROSTER_ADMIN_TOKEN;
  if (!token) return Promise.resolve();
  if (bootstrapped?.token !== token) {
    const done = syncBootstrapToken(runQuery).then(
      () => undefined,
      (error) => {
        if (bootstrapped?.done === done) bootstrapped = undefined;
        throw error;
      },
    );
    bootstrapped = { token, done };
  }
  return bootstrapped.done;
}

/**
 * The actor behind `Authorization: Bearer <token>`, or null when there is none or it is unknown,
 * revoked or expired. With the client's address, failures count against it and a blocked address
 * gets `rate_limited` (DomainError, with retryAfterSeconds) before any lookup.
 */
export async function authenticateBearer(header: string | null, options: { clientAddress?: string } = {}): Promise<Actor | null> {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match) return null;
  const token = match[1];
  if (options.clientAddress) await assertBearerAllowed(options.clientAddress);
  const bootstrap = process.env.ROSTER_ADMIN_TOKEN;
  if (bootstrap && !bootstrapTokenProblem(bootstrap) && sameSecret(token, bootstrap)) await ensureBootstrapAdmin();
  // The token and its active user in one round trip. "Last used" is kept to the minute: written on
  // every request, a token serving a team's integration (a hundred requests a second) had every
  // request queue on its row lock and leave a dead row behind.
  const [actor = null] = await db.$queryRaw<Actor[]>`
    WITH token AS (
      SELECT t.id, t.user_id, t.last_used_at FROM api_tokens t
      WHERE t.token_hash = ${hashToken(token)} AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
    ), touched AS (
      UPDATE api_tokens t SET last_used_at = now() FROM token
      WHERE t.id = token.id AND (token.last_used_at IS NULL OR token.last_used_at < now() - interval '1 minute')
    )
    SELECT u.id::text, u.email, u.name, u.profile::text AS profile FROM token JOIN users u ON u.id = token.user_id AND u.active`;
  if (!actor && options.clientAddress) await recordBearerFailure(options.clientAddress);
  return actor;
}
