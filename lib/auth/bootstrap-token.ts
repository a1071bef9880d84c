// No "server-only": scripts/roster.ts and instrumentation.ts use this before the app serves.
import { createHash } from "node:crypto";

/** Shorter than this, a bootstrap token is guessable or a placeholder (`change-me`). */
export const BOOTSTRAP_TOKEN_MIN_LENGTH = 32;

/** Why ROSTER_ADMIN_TOKEN cannot be used, or null when it is unset or strong enough. */
export function bootstrapTokenProblem(token = process.env.ROSTER_ADMIN_TOKEN): string | null {
  if (!token) return null;
  if (token.length < BOOTSTRAP_TOKEN_MIN_LENGTH || /\s/.test(token)) {
    return `ROSTER_ADMIN_TOKEN must be at least ${BOOTSTRAP_TOKEN_MIN_LENGTH} characters without spaces (it has ${token.length}); ` +
      "generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"";
  }
  return null;
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** What `prefix` shows for a token whose characters are all secret: a piece of its hash. */
export const hashPrefix = (token: string) => `sha256:${sha256(token).slice(0, 8)}`;

type Query = (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/**
 * Makes the stored bootstrap credential match ROSTER_ADMIN_TOKEN, at every start of every
 * instance: bootstrap tokens other than the current one are revoked (the variable was rotated or
 * removed), the admin user exists, and the current token is stored by hash if it never was. A
 * token once revoked — by rotation, by removal or by an admin — stays revoked: setting it again
 * does not bring it back. Idempotent, so instances may run it at once.
 */
export async function syncBootstrapToken(query: Query, env: Record<string, string | undefined> = process.env): Promise<{ userId: string | null; revoked: number }> {
  const token = env.ROSTER_ADMIN_TOKEN || null;
  const problem = bootstrapTokenProblem(token ?? undefined);
  if (problem) throw new Error(problem);
  const hash = token ? sha256(token) : null;
  const revoked = await query(
    `UPDATE api_tokens SET revoked_at = now()
     WHERE bootstrap AND revoked_at IS NULL AND ($1::text IS NULL OR token_hash <> $1::text) RETURNING id`,
    [hash],
  );
  if (!token || !hash) return { userId: null, revoked: revoked.rows.length };
  const email = (env.ROSTER_ADMIN_EMAIL ?? "admin@roster.local").trim();
  const { rows } = await query(
    `INSERT INTO users (email, name, profile, active) VALUES ($1, 'Roster administrator', 'admin', true)
     ON CONFLICT ((lower(email))) DO UPDATE SET profile = 'admin', active = true, updated_at = now()
     RETURNING id::text AS id`,
    [email],
  );
  const userId = rows[0].id as string;
  await query(
    `INSERT INTO api_tokens (user_id, token_hash, prefix, name, bootstrap)
     VALUES ($1::uuid, $2, $3, 'ROSTER_ADMIN_TOKEN', true)
     ON CONFLICT (token_hash) DO NOTHING`,
    [userId, hash, hashPrefix(token)],
  );
  return { userId, revoked: revoked.rows.length };
}
