import "./accounts.css";
import Link from "next/link";
import type { OpportunityTableRow } from "@/lib/domain/opportunities/schemas.ts";
import { formatArr } from "./format.ts";

const STAGES: Record<OpportunityTableRow["stage"], string> = {
  prospecting: "Prospecting", discovery: "Discovery", proposal: "Proposal", negotiation: "Negotiation",
  closed_won: "Closed won", closed_lost: "Closed lost",
};

export function LockIcon() {
  return (
    <svg className="acc-lock" viewBox="0 0 16 16" width="14" height="14" role="img" aria-label="Locked">
      <title>Closed: locked</title>
      <rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

/**
 * A compact, read-only table of opportunities: closed ones carry a lock, overridden CSMs a badge.
 * Used on the account page and in My book; the full list lives under Opportunities.
 */
export function OpportunityList({ rows, caption, showAccount = false, empty }: {
  rows: OpportunityTableRow[];
  caption: string;
  showAccount?: boolean;
  empty: string;
}) {
  if (rows.length === 0) return <p className="empty acc-empty">{empty}</p>;
  return (
    <div className="acc-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="data acc-opps">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Opportunity</th>
            {showAccount ? <th scope="col">Account</th> : null}
            <th scope="col">Stage</th>
            <th scope="col" className="num">Amount</th>
            <th scope="col">Close date</th>
            <th scope="col">CSM</th>
            <th scope="col">Primary SA</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-closed={row.isClosed ? "" : undefined}>
              <td>
                <span className="acc-opp-name">
                  {row.isClosed ? <LockIcon /> : null}
                  <Link href={`/opportunities/${row.id}`}>{row.name}</Link>
                </span>
              </td>
              {showAccount ? <td><Link href={`/accounts/${row.account.id}`}>{row.account.name}</Link></td> : null}
              <td>{row.isClosed ? <span className={row.stage === "closed_won" ? "badge ok" : "badge"}>{STAGES[row.stage]}</span> : STAGES[row.stage]}</td>
              <td className="num">{formatArr(row.amount)}</td>
              <td>{row.closeDate ?? "—"}</td>
              <td data-testid="opp-csm">
                {row.csm?.name ?? <span className="muted">None</span>}
                {row.csmOverridden ? <> <span className="badge warn" title="Set by hand: a change of the account's CSM leaves it alone">Override</span></> : null}
              </td>
              <td>{row.primarySa?.name ?? <span className="muted">None</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
