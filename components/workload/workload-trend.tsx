import { formatCount, formatMoney, monthLabel } from "./format.ts";
import { TrendChart } from "./trend-chart.tsx";

type Series = { userId: string; points: { month: string; accounts: number; arr: number }[] };

/** Accounts and ARR held at each month end, replayed from the audit trail, with the numbers as a table too. */
export function WorkloadTrend({ headingId, months, reps, series, who, capped }: {
  headingId: string;
  months: string[];
  reps: { id: string; name: string }[];
  series: Series[];
  who: string;
  /** The team is larger than the chart shows. */
  capped: boolean;
}) {
  const names = new Map(reps.map((rep) => [rep.id, rep.name]));
  const lines = (pick: "accounts" | "arr") =>
    series.map((s) => ({ id: s.userId, name: names.get(s.userId) ?? "Unknown", values: s.points.map((p) => p[pick]) }));
  return (
    <div className="stack">
      <div className="wl-section-head">
        <h2 id={headingId}>Trend over the last {months.length} months</h2>
        <span className="muted">{who}{capped ? ` (the first ${reps.length} by name)` : ""}</span>
      </div>
      {series.length === 0 ? (
        <div className="empty">No one to show.</div>
      ) : (
        <>
          <div className="wl-trend-grid">
            <TrendChart title="Accounts held at month end" months={months} series={lines("accounts")} format="count" />
            <TrendChart title="ARR held at month end" months={months} series={lines("arr")} format="money" />
          </div>
          <details className="wl-data">
            <summary>The trend as a table</summary>
            <div style={{ overflow: "auto" }}>
              <table className="data">
                <caption className="sr-only">Accounts and ARR held at each month end</caption>
                <thead>
                  <tr><th scope="col">Rep</th>{months.map((month) => <th scope="col" className="num" key={month}>{monthLabel(month)}</th>)}</tr>
                </thead>
                <tbody>
                  {series.map((s) => (
                    <tr key={s.userId}>
                      <th scope="row" className="wl-rowhead">{names.get(s.userId)}</th>
                      {s.points.map((p) => <td className="num" key={p.month}>{formatCount(p.accounts)}<br /><span className="muted">{formatMoney(p.arr)}</span></td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
      <p className="muted wl-note">
        Reconstructed from the audit trail: who held each account at each month end. ARR is each account&apos;s current ARR, since
        changes of ARR are not audited; segment, region and parent accounts are as they are today.
      </p>
    </div>
  );
}
