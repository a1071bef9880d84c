import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireActor } from "@/lib/auth/session.ts";
import { listCsqls } from "@/lib/domain/csqls/queries.ts";
import { CSQL_KINDS, CSQL_STATUSES } from "@/lib/domain/csqls/schemas.ts";
import { csqlSummary } from "@/lib/domain/csqls/summary.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { CsqlMonthCharts, CsqlRevenueChart } from "@/components/csqls/csql-charts.tsx";
import { CsqlTable } from "@/components/csqls/csql-table.tsx";
import { formatAmount, KIND_OPTIONS, STATUS_OPTIONS } from "@/components/csqls/format.ts";
import { formatPercent } from "@/components/workload/format.ts";

export const metadata: Metadata = { title: "CSQLs" };

// The page's URL state: anything that does not parse is simply left out.
const params = z.object({
  status: z.enum(CSQL_STATUSES).optional().catch(undefined),
  kind: z.enum(CSQL_KINDS).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  by: z.enum(["csm", "manager"]).default("csm").catch("csm"),
  cursor: z.string().max(500).optional().catch(undefined),
});

export default async function CsqlsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value || undefined]));
  const query = params.parse(raw);
  const range = { from: query.from, to: query.to };
  const [months, people, page] = await Promise.all([
    csqlSummary(actor, { ...range, groupBy: "month" }),
    csqlSummary(actor, { ...range, groupBy: query.by }),
    listCsqls(actor, { status: query.status, kind: query.kind, cursor: query.cursor, limit: 50 }).catch((error) => {
      if (error instanceof DomainError && error.code === "invalid_request") return null;
      throw error;
    }),
  ]);
  const totals = months.items.reduce(
    (sum, row) => ({ created: sum.created + row.created, converted: sum.converted + row.converted, pipeline: sum.pipeline + row.pipeline, closedWon: sum.closedWon + row.closedWon }),
    { created: 0, converted: 0, pipeline: 0, closedWon: 0 },
  );
  const link = (extra: Record<string, string | undefined>) => {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...raw, cursor: undefined, ...extra })) if (value) next.set(key, value);
    return `/csqls?${next}`;
  };
  const exportQuery = new URLSearchParams(Object.entries({ status: query.status, kind: query.kind }).filter(([, v]) => v) as [string, string][]);

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>CSQLs</h1>
          <p className="muted" style={{ margin: 0 }}>Leads raised by the people who know the customer, and the revenue they bring.</p>
        </div>
        <a className="btn" href={`/api/v1/csqls.csv?${exportQuery}`} download>Export CSV</a>
      </div>

      <form method="get" className="row panel" aria-label="Filters" style={{ alignItems: "end", flexWrap: "wrap" }}>
        <label className="field">Status
          <select name="status" defaultValue={query.status ?? ""}>
            <option value="">Any</option>
            {STATUS_OPTIONS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        <label className="field">Kind
          <select name="kind" defaultValue={query.kind ?? ""}>
            <option value="">Any</option>
            {KIND_OPTIONS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        <label className="field">Raised from<input type="date" name="from" defaultValue={query.from ?? ""} /></label>
        <label className="field">to<input type="date" name="to" defaultValue={query.to ?? ""} /></label>
        <label className="field">Revenue by
          <select name="by" defaultValue={query.by}>
            <option value="csm">Person who raised it</option>
            <option value="manager">Their manager</option>
          </select>
        </label>
        <button className="btn primary" type="submit">Apply</button>
        <Link href="/csqls">Clear</Link>
      </form>

      <section className="panel" aria-labelledby="csql-impact">
        <h2 id="csql-impact">Revenue impact</h2>
        {totals.created === 0 ? (
          <p className="muted">No CSQLs {query.from || query.to ? "raised in this range" : "yet"}. Raise one from an account page or from My book.</p>
        ) : (
          <div className="stack">
            <dl className="row" style={{ gap: 32, margin: 0 }}>
              <div><dt className="muted">Raised</dt><dd style={{ margin: 0, fontSize: 22 }}>{totals.created}</dd></div>
              <div><dt className="muted">Converted</dt><dd style={{ margin: 0, fontSize: 22 }}>{totals.converted} ({formatPercent(totals.converted / totals.created)})</dd></div>
              <div><dt className="muted">Open pipeline</dt><dd style={{ margin: 0, fontSize: 22 }}>{formatAmount(totals.pipeline)}</dd></div>
              <div><dt className="muted">Closed won</dt><dd style={{ margin: 0, fontSize: 22 }}>{formatAmount(totals.closedWon)}</dd></div>
            </dl>
            <CsqlMonthCharts months={months.items} />
            <CsqlRevenueChart title={query.by === "manager" ? "Revenue by manager" : "Revenue by person who raised it"} rows={people.items} />
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="csql-list">
        <h2 id="csql-list">All CSQLs you can see</h2>
        {page === null ? (
          <div className="alert error" role="alert">This page link no longer works. <Link href="/csqls">Start from the first page</Link>.</div>
        ) : (
          <>
            <CsqlTable rows={page.items} caption="CSQLs, newest first" empty="No CSQLs match these filters." />
            {page.nextCursor ? <p><Link href={link({ cursor: page.nextCursor })}>Next page</Link></p> : null}
          </>
        )}
      </section>
    </div>
  );
}
