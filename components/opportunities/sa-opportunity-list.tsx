import Link from "next/link";
import type { SaOpportunityRow } from "@/lib/domain/opportunities/sa-opportunities.ts";
import { formatAmount, formatDay, STAGE_LABELS } from "./format.ts";
import { LockIcon, StageBadge } from "./lock-icon.tsx";

/** One status of an SA's opportunities, with keyset "next" and "first" links. */
export function SaOpportunityList({ rows, caption, empty, nextHref, firstHref, today }: {
  rows: SaOpportunityRow[];
  caption: string;
  empty: { title: string; text: string };
  nextHref: string | null;
  firstHref: string | null;
  /** "YYYY-MM-DD": open opportunities whose close date is before it are marked past due. */
  today: string;
}) {
  if (rows.length === 0 && !firstHref) {
    return <div className="opp-empty"><strong>{empty.title}</strong>{empty.text}</div>;
  }
  return (
    <>
      <div style={{ overflow: "auto" }}>
        <table className="data">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Opportunity</th><th scope="col">Account</th><th scope="col">Stage</th>
              <th scope="col" className="num">Amount</th><th scope="col">{rows[0]?.isClosed ? "Closed" : "Close date"}</th>
              <th scope="col">Your role</th><th scope="col">CSM</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? <tr><td colSpan={7} className="muted">No more opportunities.</td></tr> : null}
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <span className="opp-name">
                    {row.isClosed ? <LockIcon /> : null}
                    <Link href={`/opportunities/${row.id}`}>{row.name}</Link>
                    {row.mergedIntoId ? <span className="badge">Merged</span> : null}
                  </span>
                </td>
                <td><Link href={`/accounts/${row.account.id}`}>{row.account.name}</Link></td>
                <td><StageBadge stage={row.stage} label={STAGE_LABELS[row.stage]} /></td>
                <td className="num">{formatAmount(row.amount)}</td>
                <td>
                  <span className="opp-nowrap">{formatDay(row.isClosed ? row.closedAt : row.closeDate)}</span>
                  {!row.isClosed && row.closeDate && row.closeDate < today ? <> <span className="badge danger">Past due</span></> : null}
                </td>
                <td>{row.saRole === "primary" ? <span className="badge brand">Primary</span> : <span className="badge">Supporting</span>}</td>
                <td>{row.csm?.name ?? <span className="muted">None</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {nextHref || firstHref ? (
        <nav className="row" aria-label={`${caption} pages`} style={{ padding: 12 }}>
          {firstHref ? <Link className="btn" href={firstHref} scroll={false}>First page</Link> : null}
          {nextHref ? <Link className="btn" href={nextHref} scroll={false}>Next page</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
