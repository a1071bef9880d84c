import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { countOpenSaOpportunities, listSaOpportunities } from "@/lib/domain/opportunities/sa-opportunities.ts";
import { SaOpportunityList } from "@/components/opportunities/sa-opportunity-list.tsx";
import "@/components/opportunities/opportunities.css";

export const metadata: Metadata = { title: "My opportunities" };

const PER_PAGE = 25;

type Params = Record<string, string | string[] | undefined>;
const param = (query: Params, key: string) => (typeof query[key] === "string" ? (query[key] as string) : undefined);

/** A link that keeps the other list's page and moves this one. */
function hrefWith(query: Params, key: "open" | "closed", cursor: string | null) {
  const params = new URLSearchParams();
  for (const other of ["open", "closed"] as const) {
    const value = other === key ? cursor : param(query, other);
    if (value) params.set(other, value);
  }
  const text = params.toString();
  return text ? `/my-opportunities?${text}` : "/my-opportunities";
}

export default async function MyOpportunitiesPage({ searchParams }: { searchParams: Promise<Params> }) {
  // An SA's own page; other profiles find the same rows in Opportunities, filtered by primary SA.
  const actor = await requirePermission("opportunities.setSelfAsSa");
  const query = await searchParams;
  const list = (open: boolean) => {
    const cursor = param(query, open ? "open" : "closed");
    return listSaOpportunities(actor, { userId: actor.id, open, cursor, limit: PER_PAGE }).catch((error) => {
      // A stale page link starts the list again rather than failing the page.
      if (cursor && error instanceof DomainError && error.code === "invalid_request") {
        return listSaOpportunities(actor, { userId: actor.id, open, limit: PER_PAGE });
      }
      throw error;
    });
  };
  const today = new Date().toISOString().slice(0, 10);
  const [open, closed, openCount] = await Promise.all([list(true), list(false), countOpenSaOpportunities(actor, actor.id)]);

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>My opportunities</h1>
          <p className="muted" style={{ margin: 0 }}>
            Where you are the primary or a supporting SA. {openCount === 1 ? "1 open opportunity" : `${openCount.toLocaleString("en-US")} open opportunities`}.
          </p>
        </div>
        <Link className="btn" href={`/opportunities?primarySaId=${actor.id}&open=true`}>All where I am primary</Link>
      </div>

      <section className="panel" aria-labelledby="mine-open" style={{ padding: 0 }}>
        <div className="opp-section-head" style={{ padding: "16px 16px 0" }}>
          <h2 id="mine-open">Open</h2>
        </div>
        <SaOpportunityList
          rows={open.items}
          caption="My open opportunities"
          today={today}
          empty={{
            title: "No open opportunities",
            text: "When you add yourself to an opportunity (Make me primary or Add me as supporting) it appears here.",
          }}
          nextHref={open.nextCursor ? hrefWith(query, "open", open.nextCursor) : null}
          firstHref={param(query, "open") ? hrefWith(query, "open", null) : null}
        />
      </section>

      <section className="panel" aria-labelledby="mine-closed" style={{ padding: 0 }}>
        <div className="opp-section-head" style={{ padding: "16px 16px 0" }}>
          <h2 id="mine-closed">Closed</h2>
          <span className="muted">Locked: the CSM and SAs no longer change.</span>
        </div>
        <SaOpportunityList
          rows={closed.items}
          caption="My closed opportunities"
          today={today}
          empty={{ title: "Nothing closed yet", text: "Won and lost opportunities you worked on appear here, most recent first." }}
          nextHref={closed.nextCursor ? hrefWith(query, "closed", closed.nextCursor) : null}
          firstHref={param(query, "closed") ? hrefWith(query, "closed", null) : null}
        />
      </section>
    </div>
  );
}
