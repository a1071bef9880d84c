import "server-only";
import { db } from "@/lib/db/client.ts";

/** The claims of the provider's ID token that sign-in relies on. */
export type SsoClaims = { iss?: string; sub?: string; email?: string; email_verified?: boolean | string };

export type SsoDecision = { ok: true; userId: string; sessionVersion: number } | { ok: false; reason: string };

const normalIssuer = (issuer: string) => issuer.replace(/\/+$/, "");

/**
 * Whether an OIDC sign-in may become a Roster session, and as whom. A person is the provider's
 * (issuer, subject), not an email: an email is only trusted once the provider says it verified it
 * (OIDC_ALLOW_UNVERIFIED_EMAIL=1 accepts providers that never send `email_verified`, never one
 * that says false), and only to find the active user on the first SSO sign-in, which then binds
 * (issuer, subject) to that user. Later sign-ins go by the binding; another subject arriving with
 * a bound user's email is refused (the provider reassigned the address, or someone set it).
 */
export async function resolveSsoUser(claims: SsoClaims, configuredIssuer: string): Promise<SsoDecision> {
  const issuer = normalIssuer(claims.iss ?? configuredIssuer);
  const subject = claims.sub;
  if (!subject) return { ok: false, reason: "no subject" };
  const bound = await db.user.findFirst({
    where: { ssoIssuer: issuer, ssoSubject: subject },
    select: { id: true, active: true, sessionVersion: true },
  });
  if (bound) return bound.active ? { ok: true, userId: bound.id, sessionVersion: bound.sessionVersion } : { ok: false, reason: "inactive" };

  const verified = claims.email_verified === true || claims.email_verified === "true";
  const omitted = claims.email_verified === undefined;
  if (!verified && !(omitted && process.env.OIDC_ALLOW_UNVERIFIED_EMAIL === "1")) return { ok: false, reason: "email not verified" };
  if (!claims.email) return { ok: false, reason: "no email" };

  // Binds only a user not bound yet, in one statement, so two first sign-ins cannot both bind.
  const rows = await db.$queryRaw<{ id: string; session_version: number }[]>`
    UPDATE users SET sso_issuer = ${issuer}, sso_subject = ${subject}, updated_at = now()
    WHERE lower(email) = lower(${claims.email.trim()}) AND active AND sso_subject IS NULL
    RETURNING id::text, session_version`;
  if (rows.length === 0) return { ok: false, reason: "no unbound active user with this email" };
  return { ok: true, userId: rows[0].id, sessionVersion: rows[0].session_version };
}
