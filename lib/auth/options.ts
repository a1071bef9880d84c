import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db/client.ts";
import { verifyPassword } from "./password.ts";

async function activeUserByEmail(email: string) {
  const [user] = await db.$queryRaw<{ id: string; email: string; name: string; password_hash: string | null }[]>`
    SELECT id::text, email, name, password_hash FROM users WHERE lower(email) = lower(${email.trim()}) AND active`;
  return user;
}

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

/**
 * Sessions are JWTs holding only the user id: the profile and `active` are read from the database
 * on every request, so a demotion or deactivation takes effect at once, on any instance.
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const email = credentials?.email ?? "";
        const password = credentials?.password ?? "";
        if (!email || !password || email.length > 320 || password.length > 200) return null;
        const user = await activeUserByEmail(email);
        if (!(await verifyPassword(user?.password_hash, password)) || !user) return null;
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    ...oidcProvider(),
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (account?.provider !== "oidc") return true;
      return Boolean(user.email && (await activeUserByEmail(user.email)));
    },
    async jwt({ token, user, account }) {
      if (user && account?.provider === "oidc" && user.email) {
        const match = await activeUserByEmail(user.email);
        if (match) token.sub = match.id;
      } else if (user) {
        token.sub = user.id;
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, userId: token.sub };
    },
  },
};
