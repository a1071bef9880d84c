import type { Metadata } from "next";
import { CompTabs } from "@/components/comp/comp-tabs.tsx";
import { formatCount, formatMoney } from "@/components/comp/format.ts";
import { StandingsChart } from "@/components/comp/standings-chart.tsx";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import type { Standing } from "@/lib/domain/comp/review-schemas.ts";
import { compStandings } from "@/lib/domain/comp/standings.ts";
import { fiscalYearsFromUrl } from "../period.ts";

export const metadata: Metadata = { title: "President's Club" };

const CHART_TOP = 15;

function Ranking({ id, title, rows }: { id: string; title: string; rows: Standing[] }) {
  return (
    <section className="panel" aria-labelledby={id} style={{ padding: 0, overflow: "auto" }}>
      <h2 id={id} style={{ padding: "14px 16px 0" }}>{title}</h2>
      {rows.length === 0 ? (
        <p className="empty">No closed-won credit in this fiscal year.</p>
      ) : (
        <>
          <div className="comp-chart-wrap">
            <StandingsChart title={title} data={rows.slice(0, CHART_TOP).map((row) => ({ name: row.user.name, amount: Number(row.amount), label: formatMoney(row.amount) }))} />
            {rows.length > CHART_TOP ? <p className="comp-sub" style={{ margin: 0 }}>Chart: the top {CHART_TOP}. The table ranks everyone.</p> : null}
          </div>
          <table className="data">
            <caption className="sr-only">{title}, ranked</caption>
            <thead><tr><th className="num">Rank</th><th>Name</th><th className="num">Opportunities</th><th className="num">Credited amount</th></tr></thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.user.id}>
                  <td className="num">{row.rank}</td>
                  <td>{row.user.name}{row.user.active ? null : <span className="comp-sub"> (inactive)</span>}</td>
                  <td className="num">{formatCount(row.count)}</td>
                  <td className="num">{formatMoney(row.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export default async function StandingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("comp.read");
  const { year, years, period } = await fiscalYearsFromUrl(await searchParams);
  const standings = await compStandings(actor, period);
  return (
    <div className="stack comp-page">
      <div className="page-head">
        <div>
          <h1>President&apos;s Club</h1>
          <p className="muted" style={{ margin: 0 }}>
            Credited closed-won amount per CSM and per primary SA in <strong>{period.label}</strong>, ranked.
          </p>
        </div>
      </div>
      <CompTabs />
      <section className="panel" aria-label="Choose the fiscal year">
        <form method="get" action="/comp/standings" className="comp-period">
          <div className="field">
            <label htmlFor="standings-fy">Fiscal year</label>
            <select id="standings-fy" name="fy" defaultValue={year}>
              {years.map((fy) => <option key={fy} value={fy}>FY{fy}</option>)}
            </select>
          </div>
          <button type="submit" className="btn primary">Show</button>
        </form>
      </section>
      <div className="comp-grid">
        <Ranking id="standings-csm" title="CSMs" rows={standings.csms} />
        <Ranking id="standings-sa" title="Solutions architects" rows={standings.sas} />
      </div>
    </div>
  );
}
