import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session.ts";
import { PROFILE_LABELS } from "@/lib/auth/navigation.ts";
import { homeFigures } from "@/lib/domain/home/queries.ts";

export const metadata: Metadata = { title: "Home" };

export default async function HomePage() {
  const actor = await requireActor();
  const figures = await homeFigures(actor);
  const stats = [
    ["Accounts", figures.accounts],
    ["Accounts without a CSM", figures.accountsWithoutCsm],
    ["Open opportunities", figures.openOpportunities],
    ["Active users", figures.activeUsers],
  ] as const;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Welcome, {actor.name.split(" ")[0]}</h1>
          <p className="muted" style={{ margin: 0 }}>Signed in as {PROFILE_LABELS[actor.profile]}.</p>
        </div>
      </div>
      <section className="stats" aria-label="At a glance">
        {stats.map(([label, value]) => (
          <div className="panel stat" key={label}>
            <div className="muted">{label}</div>
            <div className="value">{value.toLocaleString("en-US")}</div>
          </div>
        ))}
      </section>
    </div>
  );
}
