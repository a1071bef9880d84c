"use client";

import "@/components/workload/workload.css";
import { useId } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatCompact, formatCount, formatMoney, formatPercent, monthLabel } from "@/components/workload/format.ts";

export type SummaryRow = { key: string; label: string; created: number; accepted: number; converted: number; rejected: number; conversionRate: number; pipeline: number; closedWon: number };

const COLORS = { created: "#6b7a90", accepted: "#2f5bd3", converted: "#1a7f4b", rejected: "#b42318", pipeline: "#2f5bd3", closedWon: "#1a7f4b" };
const tick = { fontSize: 12, fill: "#5d6b7e" };

/** Created, accepted, converted and rejected per month, and the conversion rate beside it. */
export function CsqlMonthCharts({ months }: { months: SummaryRow[] }) {
  const funnelId = useId();
  const rateId = useId();
  const rows = months.map((row) => ({ ...row, month: monthLabel(row.key) }));
  return (
    <div className="wl-charts" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))", gap: 16 }}>
      <figure className="wl-chart" aria-labelledby={funnelId}>
        <figcaption><h3 id={funnelId}>CSQLs per month</h3></figcaption>
        <BarChart responsive style={{ width: "100%", height: 260 }} data={rows} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#e6eaf0" vertical={false} />
          <XAxis dataKey="month" tick={tick} />
          <YAxis allowDecimals={false} width={40} tick={tick} />
          <Tooltip formatter={(value) => formatCount(Number(value))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {(["created", "accepted", "converted", "rejected"] as const).map((key) => (
            <Bar key={key} dataKey={key} name={key[0].toUpperCase() + key.slice(1)} fill={COLORS[key]} isAnimationActive={false} />
          ))}
        </BarChart>
      </figure>
      <figure className="wl-chart" aria-labelledby={rateId}>
        <figcaption><h3 id={rateId}>Conversion rate</h3></figcaption>
        <LineChart responsive style={{ width: "100%", height: 260 }} data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#e6eaf0" />
          <XAxis dataKey="month" tick={tick} />
          <YAxis domain={[0, 1]} tickFormatter={(value: number) => formatPercent(value)} width={48} tick={tick} />
          <Tooltip formatter={(value) => formatPercent(Number(value))} />
          <Line dataKey="conversionRate" name="Converted / created" stroke={COLORS.converted} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
        </LineChart>
      </figure>
    </div>
  );
}

/** Pipeline and closed-won from converted CSQLs, per person who raised them (or their manager). */
export function CsqlRevenueChart({ title, rows }: { title: string; rows: SummaryRow[] }) {
  const headingId = useId();
  const top = [...rows].sort((a, b) => b.pipeline + b.closedWon - (a.pipeline + a.closedWon)).slice(0, 15);
  return (
    <figure className="wl-chart" aria-labelledby={headingId}>
      <figcaption><h3 id={headingId}>{title}</h3></figcaption>
      <BarChart responsive layout="vertical" style={{ width: "100%", height: Math.max(160, top.length * 32 + 60) }} data={top}
        margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
        <CartesianGrid stroke="#e6eaf0" horizontal={false} />
        <XAxis type="number" tickFormatter={(value: number) => formatCompact(value)} tick={tick} />
        <YAxis type="category" dataKey="label" width={140} tick={tick} />
        <Tooltip formatter={(value) => formatMoney(Number(value))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="pipeline" name="Open pipeline" stackId="revenue" fill={COLORS.pipeline} isAnimationActive={false} />
        <Bar dataKey="closedWon" name="Closed won" stackId="revenue" fill={COLORS.closedWon} isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}
