import Link from "next/link";
import type { CsqlView } from "@/lib/domain/csqls/schemas.ts";
import { formatAmount, formatDay, kindLabel, STATUS_BADGE, statusLabel } from "./format.ts";

/** CSQLs as a table: what, where, how much, who raised it, who works it, where it stands. */
export function CsqlTable({ rows, caption, empty }: { rows: CsqlView[]; caption: string; empty: string }) {
  if (rows.length === 0) return <p className="muted" style={{ margin: 0 }}>{empty}</p>;
  return (
    <div style={{ overflowX: "auto" }}>
      <table className="data">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">CSQL</th><th scope="col">Account</th><th scope="col">Kind</th><th scope="col" style={{ textAlign: "right" }}>Estimate</th>
            <th scope="col">Raised by</th><th scope="col">Owner</th><th scope="col">Status</th><th scope="col">Raised</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((csql) => (
            <tr key={csql.id}>
              <td><Link href={`/csqls/${csql.id}`}>{csql.title}</Link></td>
              <td><Link href={`/accounts/${csql.accountId}`}>{csql.accountName}</Link></td>
              <td>{kindLabel(csql.kind)}</td>
              <td style={{ textAlign: "right", fontVariantNumeric: "tabular-nums" }}>{formatAmount(csql.estimatedAmount)}</td>
              <td>{csql.createdBy.name}</td>
              <td>{csql.owner?.name ?? <span className="muted">Sales ops queue</span>}</td>
              <td><span className={`badge ${STATUS_BADGE[csql.status]}`}>{statusLabel(csql.status)}</span></td>
              <td>{formatDay(csql.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
