"use client";

import "@/components/workload/workload.css";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { SERIES_COLORS } from "@/components/workload/format.ts";

export type ChartRow = { id: string; name: string; values: Record<string, number | null> };

const ROW = 26;
const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const short = (name: string) => (name.length > 22 ? `${name.slice(0, 21)}…` : name);

/**
 * One horizontal bar per person for the chosen measure, or stacked bars of a picklist's options
 * (the spread of lifecycle stages per CSM). The table below carries the same numbers for screen
 * readers and keyboard users.
 */
export function TeamPerformanceChart({ title, rows, series }: { title: string; rows: ChartRow[]; series: { key: string; label: string }[] }) {
  const data = rows.map((row) => ({ name: short(row.name), ...Object.fromEntries(series.map((s) => [s.key, row.values[s.key] ?? 0])) }));
  const height = Math.max(120, rows.length * ROW + 64);
  return (
    <figure className="panel wl-chart" aria-label={title}>
      <figcaption><h3>{title}</h3></figcaption>
      <div style={{ overflowX: "auto" }}>
        <BarChart width={760} height={height} data={data} layout="vertical" margin={{ left: 8, right: 24, top: 4, bottom: 4 }}>
          <CartesianGrid horizontal={false} stroke="#e3e7ee" />
          <XAxis type="number" tickFormatter={(value: number) => number.format(value)} />
          <YAxis type="category" dataKey="name" width={170} interval={0} />
          <Tooltip formatter={(value) => number.format(Number(value))} />
          {series.length > 1 ? <Legend /> : null}
          {series.map((s, index) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={SERIES_COLORS[index % SERIES_COLORS.length]} stackId={series.length > 1 ? "spread" : undefined} isAnimationActive={false} />
          ))}
        </BarChart>
      </div>
    </figure>
  );
}
