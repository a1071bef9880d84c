"use client";

import "./workload.css";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis, type TooltipContentProps, useXAxisScale, useYAxisTicks } from "recharts";
import { formatCompact, formatCompactMoney, formatCount, formatMoney, formatPercent, type LoadStatus, STATUS_COLORS, STATUS_LABELS } from "./format.ts";

/** One rep's numbers, as the server prepared them; `links` are where a click on each bar goes. */
export type RepDatum = {
  id: string;
  name: string;
  status: LoadStatus;
  capacity: number | null;
  utilization: number | null;
  values: Record<string, number>;
  links: Record<string, string>;
};

export type BarSpec = {
  key: string;
  label: string;
  color: string;
  /** Which of the datum's `links` a click on this bar follows. */
  link: string;
  /** Colour each bar by the rep's load against capacity instead of `color`. */
  byStatus?: boolean;
};

type Props = {
  title: string;
  description?: string;
  data: RepDatum[];
  bars: BarSpec[];
  format: "count" | "money";
  /** Draw each rep's capacity as a marker across their bar. */
  showCapacity?: boolean;
  /** Stack the bars (parts of one whole) instead of setting them side by side. */
  stacked?: boolean;
};

const ROW = 26;
const TICK_CHARS = 22;

const short = (name: string) => (name.length > TICK_CHARS ? `${name.slice(0, TICK_CHARS - 1)}…` : name);

/**
 * Each rep's capacity: a dark upright line across their band, with a white halo so it shows on any
 * bar. One layer for all reps, placed through the axes' scales: a recharts ReferenceDot per rep
 * registers each in the chart's store, and at 313 CSMs that was most of the page's second of
 * main-thread work.
 */
function CapacityMarks({ data }: { data: RepDatum[] }) {
  const x = useXAxisScale();
  const ticks = useYAxisTicks();
  if (!x || !ticks) return null;
  const middle = new Map(ticks.map((tick) => [String(tick.value), tick.coordinate]));
  const half = ROW / 2 - 2;
  return (
    <g aria-hidden="true" className="wl-capacity-marks">
      {data.map((datum) => {
        const cx = datum.capacity === null ? undefined : x(datum.capacity);
        const cy = middle.get(datum.id);
        if (cx === undefined || cy === undefined) return null;
        return (
          <g key={datum.id}>
            <line x1={cx} x2={cx} y1={cy - half} y2={cy + half} stroke="#fff" strokeWidth={5} />
            <line x1={cx} x2={cx} y1={cy - half} y2={cy + half} stroke="#1c2430" strokeWidth={2.5} />
          </g>
        );
      })}
    </g>
  );
}

/**
 * A horizontal bar per rep (rows stay readable with many reps and long names). Each bar and each
 * rep's name is a link to their accounts (or opportunities); the names are real links, so the
 * chart can be used from the keyboard, and the table view carries the same numbers.
 */
export function RepBarChart({ title, description, data, bars, format, showCapacity = false, stacked = false }: Props) {
  const router = useRouter();
  const headingId = useId();
  const byId = new Map(data.map((datum) => [datum.id, datum]));
  const rows = data.map((datum) => ({ id: datum.id, ...datum.values }));
  const tick = format === "money" ? formatCompactMoney : formatCount;
  const full = format === "money" ? formatMoney : formatCount;
  const height = Math.max(120, data.length * ROW * (bars.length > 1 && !stacked ? 1.4 : 1) + 48);
  const primaryLink = bars[0].link;
  // The axis reaches the largest capacity too, so a rep far under it still shows the mark.
  const maxCapacity = showCapacity ? Math.max(0, ...data.map((datum) => datum.capacity ?? 0)) : 0;

  const go = (id: string | undefined, link: string) => {
    const href = id ? byId.get(id)?.links[link] : undefined;
    if (href) router.push(href);
  };

  function RepTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value: string } }) {
    const datum = payload ? byId.get(payload.value) : undefined;
    if (!datum) return <g />;
    const href = datum.links[primaryLink];
    return (
      <a
        href={href}
        onClick={(event) => {
          event.preventDefault();
          router.push(href);
        }}
        className="wl-tick"
      >
        <title>{datum.name}</title>
        <text x={Number(x) - 6} y={Number(y)} dy={4} textAnchor="end" fontSize={12}>{short(datum.name)}</text>
      </a>
    );
  }

  function Tip({ active, payload }: TooltipContentProps<number, string>) {
    const id = payload?.[0]?.payload?.id as string | undefined;
    const datum = id ? byId.get(id) : undefined;
    if (!active || !datum) return null;
    return (
      <div className="wl-tooltip">
        <strong>{datum.name}</strong>
        {bars.map((bar) => <div key={bar.key}>{bar.label}: {full(datum.values[bar.key] ?? 0)}</div>)}
        {showCapacity ? (
          <div>
            Capacity: {datum.capacity ?? "not set"}
            {datum.utilization !== null ? ` (${formatPercent(datum.utilization)} used)` : ""}
          </div>
        ) : null}
        {showCapacity ? <div className={`wl-status ${datum.status}`}>{STATUS_LABELS[datum.status]}</div> : null}
        <div className="muted">Click for the list</div>
      </div>
    );
  }

  return (
    <figure className="panel wl-chart" aria-labelledby={headingId}>
      <figcaption>
        <h3 id={headingId}>{title}</h3>
        {description ? <p className="muted">{description}</p> : null}
      </figcaption>
      {data.length === 0 ? (
        <div className="empty">No one to show.</div>
      ) : (
        <BarChart
          responsive
          style={{ width: "100%", height }}
          data={rows}
          layout="vertical"
          margin={{ top: 4, right: 24, bottom: 4, left: 8 }}
          barCategoryGap={bars.length > 1 && !stacked ? "18%" : "22%"}
          accessibilityLayer={false}
        >
          <CartesianGrid horizontal={false} stroke="#e6eaf0" />
          <XAxis type="number" domain={[0, (dataMax: number) => Math.max(dataMax, maxCapacity)]} tickFormatter={(value: number) => tick(value)} allowDecimals={false} tick={{ fontSize: 12, fill: "#5d6b7e" }} />
          <YAxis type="category" dataKey="id" width={170} interval={0} tick={(props) => <RepTick {...props} />} tickLine={false} />
          <Tooltip content={(props) => <Tip {...(props as TooltipContentProps<number, string>)} />} cursor={{ fill: "#eef2fb" }} />
          {bars.map((bar) => (
            <Bar
              key={bar.key}
              dataKey={bar.key}
              name={bar.label}
              stackId={stacked ? "one" : undefined}
              fill={bar.color}
              isAnimationActive={false}
              style={{ cursor: "pointer" }}
              onClick={(item) => go((item.payload as { id?: string } | undefined)?.id, bar.link)}
            >
              {bar.byStatus ? data.map((datum) => <Cell key={datum.id} fill={STATUS_COLORS[datum.status]} />) : null}
            </Bar>
          ))}
          {showCapacity ? <CapacityMarks data={data} /> : null}
        </BarChart>
      )}
      <div className="wl-legend">
        {showCapacity ? (
          <>
            {(["ok", "over", "under", "none"] as const).map((status) => (
              <span key={status}><i style={{ background: STATUS_COLORS[status] }} />{STATUS_LABELS[status]}</span>
            ))}
            {bars.filter((bar) => !bar.byStatus).map((bar) => <span key={bar.key}><i style={{ background: bar.color }} />{bar.label}</span>)}
            <span><i className="wl-capacity-key" />Capacity</span>
          </>
        ) : bars.length > 1 ? (
          bars.map((bar) => <span key={bar.key}><i style={{ background: bar.color }} />{bar.label}</span>)
        ) : null}
      </div>
    </figure>
  );
}
