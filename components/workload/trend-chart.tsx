"use client";

import "./workload.css";
import { useId } from "react";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatCompactMoney, formatCount, formatMoney, monthLabel, SERIES_COLORS } from "./format.ts";

export type TrendSeries = { id: string; name: string; values: number[] };

/** One line per rep over the months, e.g. accounts held at each month end. */
export function TrendChart({ title, months, series, format }: {
  title: string; months: string[]; series: TrendSeries[]; format: "count" | "money";
}) {
  const headingId = useId();
  const rows = months.map((month, index) => ({
    month: monthLabel(month),
    ...Object.fromEntries(series.map((s) => [s.id, s.values[index]])),
  }));
  const full = format === "money" ? formatMoney : formatCount;
  return (
    <figure className="wl-chart wl-trend" aria-labelledby={headingId}>
      <figcaption><h3 id={headingId}>{title}</h3></figcaption>
      <LineChart responsive style={{ width: "100%", height: 280 }} data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
        <CartesianGrid stroke="#e6eaf0" />
        <XAxis dataKey="month" tick={{ fontSize: 12, fill: "#5d6b7e" }} />
        <YAxis tickFormatter={(value: number) => (format === "money" ? formatCompactMoney(value) : formatCount(value))} allowDecimals={false} width={56} tick={{ fontSize: 12, fill: "#5d6b7e" }} />
        <Tooltip formatter={(value) => full(Number(value))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s, index) => (
          <Line key={s.id} type="linear" dataKey={s.id} name={s.name} stroke={SERIES_COLORS[index % SERIES_COLORS.length]}
            strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
        ))}
      </LineChart>
    </figure>
  );
}
