// Timing, percentiles, goals and the printed table.
import type { CpuStopwatch } from "./cpu.ts";

export type Goal =
  /** p95 at most this many milliseconds. */
  | { kind: "p95"; ms: number }
  /** Roster's median at most this many times the floor's (or any other reference case's). */
  | { kind: "ratioMax"; times: number }
  /** The reference's median at least this many times Roster's. */
  | { kind: "ratioMin"; times: number }
  /** A count that must be exactly this (errors, leftover drift). */
  | { kind: "equals"; value: number; unit: string }
  | { kind: "none" };

export type Result = {
  case: string;
  group: string;
  rows: number | null;
  runs: number;
  p50: number | null;
  p95: number | null;
  /** Median CPU milliseconds of a run (this process and its PostgreSQL backends), when measurable. */
  cpu?: number | null;
  /** For ratio and count rows: the figure itself. */
  value?: number | null;
  /** Printed after `value` ("×" for ratios). */
  unit?: string;
  goal: Goal;
  verdict: "PASS" | "MISS" | "INFO";
  note?: string;
  samples?: number[];
};

/** Nearest rank: with 10 runs, p95 is the slowest run, which is the honest reading of "95%". */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export type Timed = { rows: number };
export type Measured = { samples: number[]; cpu: number[]; rows: number };

let cpuStopwatch: CpuStopwatch | null = null;
export function measureCpuWith(stopwatch: CpuStopwatch | null): void {
  cpuStopwatch = stopwatch;
}

/**
 * Runs `run` `warmup` times untimed (caches, plans, JIT), then `runs` times timed. `before` runs
 * untimed ahead of every call, for setup that must not count (injecting drift, choosing the next
 * CSM). Each call returns how many rows it touched or read.
 */
export async function measure(
  options: { warmup: number; runs: number; before?: (i: number) => Promise<void> | void },
  run: (i: number) => Promise<Timed>,
): Promise<Measured> {
  let i = 0;
  let rows = 0;
  for (let w = 0; w < options.warmup; w++, i++) {
    await options.before?.(i);
    rows = (await run(i)).rows;
  }
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < options.runs; r++, i++) {
    await options.before?.(i);
    const once = await timeOnce(() => run(i));
    rows = once.rows;
    samples.push(once.ms);
    if (once.cpu !== null) cpu.push(once.cpu);
  }
  return { samples, cpu, rows };
}

/** One timed call: wall milliseconds and, when measurable, CPU milliseconds. */
export async function timeOnce(run: () => Promise<Timed>): Promise<{ ms: number; cpu: number | null; rows: number }> {
  const cpuSince = cpuStopwatch?.();
  const started = performance.now();
  const { rows } = await run();
  const ms = performance.now() - started;
  return { ms, cpu: cpuSince ? cpuSince() : null, rows };
}

/** Collects interleaved runs of several variants, so a burst of load on the machine hits them all alike. */
export function collector(): { add: (ms: number, cpu: number | null, rows: number) => void; measured: Measured } {
  const measured: Measured = { samples: [], cpu: [], rows: 0 };
  return {
    measured,
    add: (ms, cpu, rows) => {
      measured.samples.push(ms);
      if (cpu !== null) measured.cpu.push(cpu);
      measured.rows = rows;
    },
  };
}

export function timedResult(group: string, name: string, measured: Measured, goal: Goal, note?: string): Result {
  const sorted = [...measured.samples].sort((a, b) => a - b);
  const cpu = measured.cpu.length ? round(percentile([...measured.cpu].sort((a, b) => a - b), 50)) : null;
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const verdict = goal.kind === "p95" ? (p95 <= goal.ms ? "PASS" : "MISS") : "INFO";
  return {
    case: name, group, rows: measured.rows, runs: sorted.length, p50: round(p50), p95: round(p95), cpu, goal, verdict, note,
    samples: measured.samples.map(round),
  };
}

/** Ratios compare medians: one noisy run on a shared machine should not decide them. */
export function ratioResult(group: string, name: string, numerator: Result, denominator: Result, goal: Goal, note?: string): Result {
  const value = numerator.p50 && denominator.p50 ? numerator.p50 / denominator.p50 : null;
  const cpu = numerator.cpu && denominator.cpu ? `CPU ${(numerator.cpu / denominator.cpu).toFixed(2)}×` : null;
  note = [note, cpu].filter(Boolean).join("; ") || undefined;
  let verdict: Result["verdict"] = "INFO";
  if (value !== null && goal.kind === "ratioMax") verdict = value <= goal.times ? "PASS" : "MISS";
  if (value !== null && goal.kind === "ratioMin") verdict = value >= goal.times ? "PASS" : "MISS";
  return {
    case: name, group, rows: null, runs: 0, p50: null, p95: null, value: value === null ? null : Math.round(value * 100) / 100, unit: "×",
    goal, verdict, note,
  };
}

export function countResult(group: string, name: string, value: number, goal: Goal, extra: Partial<Result> = {}): Result {
  const verdict = goal.kind === "equals" ? (value === goal.value ? "PASS" : "MISS") : "INFO";
  return { case: name, group, rows: null, runs: 0, p50: null, p95: null, value, goal, verdict, ...extra };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

export function formatGoal(goal: Goal): string {
  switch (goal.kind) {
    case "p95": return `p95 < ${formatMs(goal.ms)}`;
    case "ratioMax": return `≤ ${goal.times}×`;
    case "ratioMin": return `≥ ${goal.times}×`;
    case "equals": return `= ${goal.value} ${goal.unit}`;
    case "none": return "—";
  }
}

function cells(result: Result): string[] {
  const figure = result.value !== undefined && result.value !== null ? `${result.value}${result.unit ?? ""}` : "";
  return [
    result.case,
    result.rows === null ? "" : result.rows.toLocaleString("en-US"),
    result.runs ? String(result.runs) : "",
    result.p50 !== null ? formatMs(result.p50) : figure,
    formatMs(result.p95),
    formatMs(result.cpu),
    formatGoal(result.goal),
    result.verdict === "INFO" ? "" : result.verdict,
  ];
}

const HEADER = ["case", "rows", "runs", "p50 / value", "p95", "CPU p50", "goal", "verdict"];

/** A plain-text table for the terminal. */
export function textTable(results: Result[]): string {
  const rows = results.map(cells);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const right = new Set([1, 2, 3, 4, 5]);
  const line = (r: string[]) => r.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  const out = [line(HEADER), widths.map((w) => "-".repeat(w)).join("  ")];
  let group = "";
  for (const [i, result] of results.entries()) {
    if (result.group !== group) {
      if (group) out.push("");
      group = result.group;
    }
    out.push(line(rows[i]) + (result.note ? `   (${result.note})` : ""));
  }
  return out.join("\n");
}

/** The same table in Markdown, for the README. */
export function markdownTable(results: Result[]): string {
  const out = [`| ${HEADER.join(" | ")} |`, `|${HEADER.map((_, i) => (i >= 1 && i <= 5 ? "---:" : "---")).join("|")}|`];
  for (const result of results) {
    const row = cells(result);
    if (result.note) row[0] += ` (${result.note})`;
    out.push(`| ${row.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`);
  }
  return out.join("\n");
}
