import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db/client.ts";
import { isDatabaseUnavailable } from "@/lib/errors/database-unavailable.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { verifyPassword } from "./password.ts";
import { sameOriginRedirect } from "./safe-redirect.ts";
import { resolveSsoUser, type SsoClaims } from "./sso.ts";
import { assertSignInAllowed, clientAddress, rateLimited, recordSignInFailure, recordSignInSuccess } from "./throttle.ts";

async function activeUserByEmail(email: string) {
  const [user] = await db.$queryRaw<{ id: string; email: string; name: string; password_hash: string | null; session_version: number }[]>`
    SELECT id::text, email, name, password_hash, session_version FROM users WHERE lower(email) = lower(${email.trim()}) AND active`;
  return user;
}

/**
 * What the sign-in form may be told when credentials sign-in fails, as next-auth's `error` code.
 * The form turns these into sentences; nothing else (driver text, stack) ever leaves the server.
 */
export const SIGN_IN_ERRORS = { unavailable: "unavailable", rateLimited: "rate_limited" } as const;

/** Single sign-on through any OIDC provider, when configured; it never creates users. */
function oidcProvider(): NextAuthOptions["providers"] {
  const issuer = process.env.OIDC_ISSUER;
  const clientId = process.env.OIDC_CLIENT_ID;
  const clientSecret = process.env.OIDC_CLIENT_SECRET;
  if (!issuer || !clientId || !clientSecret) return [];
  return [
    {
      id: "oidc",
      name: process.env.OIDC_NAME ?? "Single sign-on",
      type: "oauth",
      wellKnown: `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId,
      clientSecret,
      idToken: true,
      checks: ["pkce", "state"],
      authorization: { params: { scope: "openid email profile" } },
      profile: (profile: { sub: string; email?: string; name?: string }) => ({
        id: profile.sub,
        email: profile.email ?? null,
        name: profile.name ?? profile.email ?? null,
      }),
    },
  ];
}

export const ssoEnabled = () => oidcProvider().length > 0;

async function authorizeCredentials(credentials: Record<string, string> | undefined, headers: unknown) {
  const email = credentials?.email ?? "";
  const password = credentials?.password ?? "";
  if (!email || !password || email.length > 320 || password.length > 200) return null;
  const address = clientAddress(headers as Record<string, string>);
  try {
    await assertSignInAllowed(email, address);
    const user = await activeUserByEmail(email);
    if (!(await verifyPassword(user?.password_hash, password)) || !user) {
      const wait = await recordSignInFailure(email, address, user?.id);
      if (wait > 0) throw rateLimited(wait);
      return null;
    }
    await recordSignInSuccess(email);
    return { id: user.id, email: user.email, name: user.name, sessionVersion: user.session_version };
  } catch (error) {
    // next-auth hands a thrown message to the browser (in the `error` of its JSON `url`): only
    // these codes may go there.
    if (error instanceof DomainError && error.code === "rate_limited") {
      throw new Error(`${SIGN_IN_ERRORS.rateLimited}:${Number(error.details?.retryAfterSeconds ?? 60)}`);
    }
    if (isDatabaseUnavailable(error)) throw new Error(SIGN_IN_ERRORS.unavailable);
    console.error("[roster] sign-in failed unexpectedly", error);
    throw new Error("failed");
  }
}

/**
 * Sessions are JWTs holding the user id and the session version: the profile and `active` are
 * read from the database on every request, so a demotion or deactivation takes effect at once, on
 * any instance, and a bumped version ends older sessions (lib/auth/session.ts).
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: (credentials, request) => authorizeCredentials(credentials, request?.headers),
    }),
    ...oidcProvider(),
  ],
  callbacks: {
    redirect: sameOriginRedirect,
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc") return true;
      const decision = await resolveSsoUser(profile as SsoClaims, process.env.OIDC_ISSUER ?? "");
      if (!decision.ok) console.warn(`[roster] single sign-on refused: ${decision.reason}`);
      return decision.ok;
    },
    async jwt({ token, user, account, profile }) {
      if (account?.provider === "oidc") {
        // signIn above bound (or found) the user; resolve it the same way for the token.
        const decision = await resolveSsoUser(profile as SsoClaims, process.env.OIDC_ISSUER ?? "");
        // Never the provider's subject as a Roster user id.
        token.sub = decision.ok ? decision.userId : undefined;
        token.sv = decision.ok ? decision.sessionVersion : undefined;
      } else if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, userId: token.sub, sessionVersion: typeof token.sv === "number" ? token.sv : 0 };
    },
  },
};
