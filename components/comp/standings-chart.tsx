"use client";

import "./comp.css";
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCompactMoney } from "./format.ts";

export type StandingBar = { name: string; amount: number; label: string };

/**
 * Ranked credit as horizontal bars, best on top. The numbers are for drawing only (the table
 * beside it shows the exact, SQL-summed amounts), and the chart is hidden from screen readers,
 * which get that table instead.
 */
export function StandingsChart({ title, data }: { title: string; data: StandingBar[] }) {
  const height = Math.max(160, data.length * 34 + 40);
  return (
    <figure className="comp-chart" style={{ height, margin: 0 }} aria-hidden="true" data-testid={`chart-${title}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ top: 4, right: 96, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} stroke="#e4e8ee" />
          <XAxis type="number" tickFormatter={formatCompactMoney} stroke="#6b7686" fontSize={12} />
          <YAxis type="category" dataKey="name" width={150} stroke="#6b7686" fontSize={12} interval={0} />
          <Tooltip formatter={(_value, _name, item) => [(item.payload as StandingBar).label, "Credited"]} cursor={{ fill: "#f1f4f9" }} />
          <Bar dataKey="amount" fill="#2f5bd3" radius={[0, 4, 4, 0]} isAnimationActive={false}>
            <LabelList dataKey="label" position="right" fontSize={12} fill="#374357" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
