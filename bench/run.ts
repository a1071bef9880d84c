// `npm run bench [-- --small] [--fresh] [--only=stamp,tables,…] [--no-load]`: Roster measured on a
// generated data set at scale, against a per-record baseline and the bare-SQL floor.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { BenchContext } from "./context.ts";
import { cpuStopwatch } from "./cpu.ts";
import { type BenchDatabase, FULL, openBenchDatabase, SMALL } from "./database.ts";
import { countResult, formatMs, markdownTable, measureCpuWith, type Result, textTable } from "./measure.ts";

const GROUPS = ["stamp", "tables", "workload", "comp", "csqls", "reconcile", "import", "feed", "search", "load", "browser", "salesforce"] as const;
type Group = (typeof GROUPS)[number];

type Options = { small: boolean; fresh: boolean; only: Set<Group> };

function parseArgs(argv: string[]): Options {
  const options: Options = { small: false, fresh: false, only: new Set(GROUPS) };
  for (const arg of argv) {
    if (arg === "--small") options.small = true;
    else if (arg === "--fresh") options.fresh = true;
    else if (arg === "--no-load") options.only.delete("load");
    else if (arg.startsWith("--only=")) {
      const wanted = arg.slice(7).split(",").map((s) => s.trim());
      const unknown = wanted.filter((g) => !GROUPS.includes(g as Group));
      if (unknown.length) throw new Error(`bench: unknown case group ${unknown.join(", ")}; use ${GROUPS.join(", ")}`);
      options.only = new Set(wanted as Group[]);
    } else throw new Error(`bench: unknown option ${arg} (use --small, --fresh, --only=${GROUPS.join(",")}, --no-load)`);
  }
  return options;
}

const file = (name: string) => fileURLToPath(new URL(name, import.meta.url));

async function machine(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT current_setting('server_version') AS version");
    const cpus = os.cpus();
    return {
      cpus: cpus.length, cpuModel: cpus[0]?.model ?? "unknown", memoryGb: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()}`, node: process.version, postgres: rows[0].version as string,
    };
  } finally {
    await client.end();
  }
}

/** The README keeps the latest full run's table between these markers. */
function updateReadme(markdown: string): void {
  const path = file("./README.md");
  if (!existsSync(path)) return;
  const text = readFileSync(path, "utf8");
  const start = "<!-- results:start -->";
  const end = "<!-- results:end -->";
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return;
  writeFileSync(path, `${text.slice(0, from + start.length)}\n${markdown}\n${text.slice(to)}`);
}

export async function main(argv: string[]): Promise<void> {
  const options = parseArgs(argv);
  const size = options.small ? SMALL : FULL;
  const startedAt = new Date();
  const started = Date.now();
  const loadAtStart = os.loadavg().map((n) => Math.round(n * 100) / 100);
  const log = (line: string) => console.log(`[bench] ${line}`);
  log(`${options.small ? "small" : "full"} data set: ${size.users} users, ${size.accounts.toLocaleString("en-US")} accounts, ` +
    `${size.opportunities.toLocaleString("en-US")} opportunities, whales ${size.whales.join(" and ")}`);
  log(`load average at start: ${loadAtStart.join(", ")} on ${os.cpus().length} CPUs (a busy machine inflates every figure)`);

  const results: Result[] = [];
  const report = (result: Result) => {
    results.push(result);
    const figure = result.p50 !== null
      ? `p50 ${formatMs(result.p50)}, p95 ${formatMs(result.p95)}${result.cpu ? `, CPU ${formatMs(result.cpu)}` : ""}`
      : `${result.value}${result.unit ?? ""}${result.note ? ` (${result.note})` : ""}`;
    log(`  ${result.verdict === "MISS" ? "MISS " : ""}${result.case}: ${figure}${result.rows !== null ? ` (${result.rows} rows)` : ""}`);
  };

  let database: BenchDatabase | null = null;
  const pool: { current?: pg.Pool } = {};
  try {
    database = await openBenchDatabase(size, { fresh: options.fresh, log });
    // A reused data set still shows how long it took to make, from the run that made it.
    const generation = database.generated ?? database.previous;
    if (generation) {
      const ms = generation.ms;
      report({
        ...countResult("data set", `generate the data set${database.generated ? "" : ` (reused; made ${generation.at.slice(0, 16).replace("T", " ")})`}`, ms, { kind: "none" }),
        value: null, p50: ms, p95: ms, cpu: generation.cpuMs ?? null, runs: 1, rows: generation.opportunities,
        goal: options.small ? { kind: "none" } : { kind: "p95", ms: 120_000 },
        verdict: options.small ? "INFO" : ms <= 120_000 ? "PASS" : "MISS",
        note: `rows = opportunities; then VACUUM ANALYZE ${formatMs(generation.vacuumMs)}`,
      });
    }

    // The domain layer reads these when first used, so they are set before any case is imported.
    process.env.DATABASE_URL = database.url;
    process.env.ROSTER_WORKER = "off";
    process.env.ROSTER_ADMIN_EMAIL = "bench-admin@roster.local";
    process.env.ROSTER_ADMIN_TOKEN ??= `rst_bench_${randomBytes(24).toString("base64url")}`;
    const token = process.env.ROSTER_ADMIN_TOKEN;
    const { ensureBootstrapAdmin } = await import("../lib/auth/tokens.ts");
    const { loadActor } = await import("../lib/auth/actor.ts");
    const { db } = await import("../lib/db/client.ts");
    await ensureBootstrapAdmin();
    const admin = await db.user.findFirstOrThrow({ where: { email: process.env.ROSTER_ADMIN_EMAIL }, select: { id: true } });
    const actor = (await loadActor(admin.id))!;
    // Connections stay open between runs, so no run pays for a new backend.
    pool.current = new pg.Pool({ connectionString: database.url, max: 4, idleTimeoutMillis: 0 });
    // An idle connection dropped by the server (a restart, the shutdown at the end) is not a failure of any case.
    pool.current.on("error", (error) => log(`idle connection closed: ${error.message}`));
    const stopwatch = await cpuStopwatch(pool.current, database.name);
    measureCpuWith(stopwatch);
    if (!stopwatch) log("PostgreSQL runs elsewhere: CPU time is not measured");
    const ctx: BenchContext = {
      url: database.url, small: options.small, size, actor, token, pool: pool.current, log, report,
      runs: (full, small = full) => (options.small ? small : full),
    };

    const cases: [Group, () => Promise<void>][] = [
      ["stamp", async () => (await import("./cases/stamping.ts")).stampingCases(ctx)],
      ["tables", async () => (await import("./cases/tables.ts")).tableCases(ctx)],
      ["workload", async () => (await import("./cases/reads.ts")).workloadCases(ctx)],
      ["comp", async () => (await import("./cases/reads.ts")).compCases(ctx)],
      ["csqls", async () => (await import("./cases/csqls.ts")).csqlCases(ctx)],
      ["reconcile", async () => (await import("./cases/reconcile.ts")).reconcileCases(ctx)],
      ["import", async () => (await import("./cases/imports.ts")).importCases(ctx)],
      ["feed", async () => (await import("./cases/feed.ts")).feedCases(ctx)],
      ["search", async () => (await import("./cases/search.ts")).searchCases(ctx)],
      ["load", async () => (await import("./cases/load.ts")).loadCase(ctx)],
      ["browser", async () => (await import("./cases/browser.ts")).browserCases(ctx)],
      ["salesforce", async () => (await import("./cases/salesforce.ts")).salesforceCases(ctx)],
    ];
    for (const [group, run] of cases) {
      if (!options.only.has(group)) continue;
      log(`— ${group}`);
      try {
        await run();
      } catch (error) {
        // One broken case must not hide the others' figures; it shows as a miss.
        console.error(error);
        report(countResult(group, `${group}: the case failed`, 1, { kind: "equals", value: 0, unit: "failures" },
          { note: error instanceof Error ? error.message.slice(0, 160) : String(error) }));
      }
    }

    const totalMs = Date.now() - started;
    const complete = options.only.size === GROUPS.length;
    if (options.small && complete) {
      report({ ...countResult("run", "whole run (--small)", totalMs, { kind: "p95", ms: 180_000 }),
        value: null, p50: totalMs, p95: totalMs, runs: 1, verdict: totalMs <= 180_000 ? "PASS" : "MISS",
        note: "includes the server's build and start when it was stale" });
    }
    const info = await machine(database.url);
    const loadAtEnd = os.loadavg().map((n) => Math.round(n * 100) / 100);
    console.log(`\n${textTable(results)}\n`);
    console.log(`Ratios compare medians (p50). Machine: ${info.cpus} × ${info.cpuModel}, ${info.memoryGb} GB, ${info.platform}, ` +
      `Node ${info.node}, PostgreSQL ${info.postgres}. Load average at start ${loadAtStart.join(", ")}, at end ${loadAtEnd.join(", ")}.`);
    const misses = results.filter((r) => r.verdict === "MISS");
    console.log(misses.length ? `${misses.length} goal(s) missed: ${misses.map((m) => m.case).join("; ")}` : "Every goal met.");

    const output = {
      date: startedAt.toISOString(), mode: options.small ? "small" : "full", complete, durationMs: totalMs,
      machine: { ...info, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAtEnd },
      dataset: { ...size, reused: !database.generated, generation },
      misses: misses.map((m) => m.case), results,
    };
    // A partial run (--only, --no-load) must not replace the last complete one, nor a small run the last full one.
    const target = !complete ? file("./.data/results-partial.json") : options.small ? file("./results-small.json") : file("./results.json");
    mkdirSync(file("./.data"), { recursive: true });
    writeFileSync(target, `${JSON.stringify(output, null, 2)}\n`);
    log(`results written to ${target}`);
    if (complete && !options.small) {
      updateReadme(`Run on ${startedAt.toISOString().slice(0, 10)}: ${info.cpus} × ${info.cpuModel}, ${info.memoryGb} GB, Node ${info.node}, ` +
        `PostgreSQL ${info.postgres}; load average at start ${loadAtStart.join(", ")}.\n\n${markdownTable(results)}`);
    }
    if (misses.length) process.exitCode = 1;
  } finally {
    await pool.current?.end().catch(() => {});
    const { disconnectDb } = await import("../lib/db/client.ts");
    await disconnectDb().catch(() => {});
    await database?.stop().catch(() => {});
  }
}
