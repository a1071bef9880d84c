import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { listCsqls } from "@/lib/domain/csqls/queries.ts";
import { CsqlTable } from "@/components/csqls/csql-table.tsx";

export const metadata: Metadata = { title: "My CSQLs" };

/** The leads a seller works: new ones first (they wait for an answer), then those in progress, then decided ones. */
export default async function MyCsqlsPage() {
  const actor = await requirePermission("csqls.work");
  const [fresh, accepted, decided] = await Promise.all([
    listCsqls(actor, { ownerId: actor.id, status: "new", limit: 200 }),
    listCsqls(actor, { ownerId: actor.id, status: "accepted", limit: 200 }),
    listCsqls(actor, { ownerId: actor.id, limit: 50 }),
  ]);
  const done = decided.items.filter((csql) => csql.status === "converted" || csql.status === "rejected");
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>My CSQLs</h1>
          <p className="muted" style={{ margin: 0 }}>Leads raised by customer success for you to work: accept, convert into an opportunity, or reject with a reason.</p>
        </div>
        <Link className="btn" href="/csqls">All CSQLs and their revenue</Link>
      </div>
      <section className="panel" aria-labelledby="mine-new">
        <h2 id="mine-new">New{fresh.items.length ? ` (${fresh.items.length}${fresh.nextCursor ? "+" : ""})` : ""}</h2>
        <CsqlTable rows={fresh.items} caption="New CSQLs for you" empty="Nothing new. When a CSM raises a lead on one of your accounts, it lands here." />
      </section>
      <section className="panel" aria-labelledby="mine-accepted">
        <h2 id="mine-accepted">Accepted, to convert</h2>
        <CsqlTable rows={accepted.items} caption="Accepted CSQLs" empty="None in progress." />
      </section>
      <section className="panel" aria-labelledby="mine-done">
        <h2 id="mine-done">Recently decided</h2>
        <CsqlTable rows={done} caption="Converted and rejected CSQLs" empty="None yet." />
      </section>
    </div>
  );
}
