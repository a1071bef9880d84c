import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session.ts";
import { ssoEnabled } from "@/lib/auth/options.ts";
import { safeCallbackPath } from "@/lib/auth/safe-redirect.ts";
import { SignInForm } from "@/components/shell/sign-in-form.tsx";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const DEMO_USERS = [
  ["admin@demo.roster", "admin"], ["ops@demo.roster", "sales_ops"], ["comp@demo.roster", "sales_comp"],
  ["finance@demo.roster", "finance"], ["manager@demo.roster", "csm_manager"], ["csm@demo.roster", "csm"],
  ["sa@demo.roster", "sa"], ["leader@demo.roster", "leader"],
] as const;

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  if (await currentActor()) redirect("/");
  const { callbackUrl, error } = await searchParams;
  const safeCallback = safeCallbackPath(callbackUrl, "http://roster.invalid");
  const demo = process.env.ROSTER_DEMO === "1";
  return (
    <main className="auth-wrap">
      <div className="auth-card panel">
        <div className="brand">Roster</div>
        <p className="muted" style={{ marginTop: 0 }}>Who covers which customer. Sign in to continue.</p>
        <SignInForm callbackUrl={safeCallback} sso={ssoEnabled()} initialError={error ? "Sign-in failed. Check your details or ask an admin for access." : undefined} />
        {demo ? (
          <section className="demo-users" aria-labelledby="demo-users-title">
            <h2 id="demo-users-title">Demo users</h2>
            <p className="muted">Password for all: <code>roster-demo</code></p>
            <table>
              <tbody>
                {DEMO_USERS.map(([email, profile]) => (
                  <tr key={email}><td><code>{email}</code></td><td className="muted">{profile}</td></tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
      </div>
    </main>
  );
}
