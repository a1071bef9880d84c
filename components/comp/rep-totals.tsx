import type { RepTotal } from "@/lib/domain/comp/review-schemas.ts";
import { formatCount, formatMoney } from "./format.ts";

/** Credit per person in one role for the period (summed in SQL), with the period's total. */
export function RepTotals({ title, rows, total, currentRepId }: {
  title: string;
  rows: RepTotal[];
  total: { count: number; amount: string };
  currentRepId?: string;
}) {
  const headingId = `totals-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {rows.length === 0 ? (
        <p className="empty">No credit in this period.</p>
      ) : (
        <table className="data">
          <thead><tr><th>Rep</th><th className="num">Opportunities</th><th className="num">Credited amount</th></tr></thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.user?.id ?? "nobody"} data-current={row.user && row.user.id === currentRepId ? "" : undefined}>
                <td>{row.user ? row.user.name : <span className="badge danger">Nobody credited</span>}</td>
                <td className="num">{formatCount(row.count)}</td>
                <td className="num">{formatMoney(row.amount)}</td>
              </tr>
            ))}
            <tr className="comp-total-row">
              <td>Total</td>
              <td className="num">{formatCount(total.count)}</td>
              <td className="num">{formatMoney(total.amount)}</td>
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}
