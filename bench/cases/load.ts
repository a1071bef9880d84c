// 20 (then 50) concurrent clients mixing reads and reassignments against the real server
// (`npm start`), then the cost of each kind of request alone: database time (pg_stat_statements)
// and the server's CPU.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePort } from "../../lib/db/embedded.ts";
import { type BenchContext, lastFiscalQuarter } from "../context.ts";
import { countResult, percentile, type Result } from "../measure.ts";
import { portIsFree, serverCpuMs, startServer, stopServer, waitUntilReady } from "../server.ts";

const CLIENTS = 20;
const DURATION_MS = 60_000;
/** The crowd: errors and p95 reported, no throughput goal. */
const CROWD = 50;
const CROWD_MS = 30_000;
/** Issue 23's goals for the 20 clients at full scale. */
const GOAL_P95_MS = 400;
const GOAL_RPS = 80;
const GOAL_SMALL_RATIO = 0.7;
/** Each kind alone, this many times, for its cost per request. */
const COST_RUNS = 30;
const SMALL_RESULTS = fileURLToPath(new URL("../results-small.json", import.meta.url));

type Kind = "accounts list" | "account" | "opportunities of a CSM" | "opportunity" | "workload" | "comp review" | "reassign CSM";
/**
 * The comp review and the opportunity are their API reads (the comp rows' first page of the last
 * fiscal quarter, with flags; one opportunity): the bench's clients hold a bearer token, not a
 * browser session.
 */
const MIX: [Kind, number][] = [
  ["accounts list", 20], ["account", 15], ["opportunities of a CSM", 15], ["opportunity", 10], ["workload", 10], ["comp review", 5], ["reassign CSM", 25],
];

/** A small deterministic generator, so two runs send the same mix. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

type Sampled = { latencies: Map<Kind, number[]>; errors: string[]; seconds: number };
type Request = (rng: () => number, kind: Kind) => Promise<Response>;

const total = MIX.reduce((sum, [, weight]) => sum + weight, 0);
function choose(rng: () => number): Kind {
  let roll = rng() * total;
  for (const [kind, weight] of MIX) if ((roll -= weight) < 0) return kind;
  return MIX[0][0];
}

async function runClients(request: Request, clients: number, durationMs: number, seed: number): Promise<Sampled> {
  const latencies = new Map<Kind, number[]>(MIX.map(([kind]) => [kind, []]));
  const errors: string[] = [];
  const end = Date.now() + durationMs;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    const rng = random(seed + client + 1);
    while (Date.now() < end) {
      const kind = choose(rng);
      const t0 = performance.now();
      try {
        const response = await request(rng, kind);
        await response.arrayBuffer();
        if (!response.ok) errors.push(`${kind}: ${response.status}`);
      } catch (error) {
        errors.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
      }
      latencies.get(kind)!.push(performance.now() - t0);
    }
  }));
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

/** The 20-client throughput of the last `--small` run, kept beside its results for the full run's ratio. */
function smallThroughput(): { reqPerSec: number; date: string } | null {
  if (!existsSync(SMALL_RESULTS)) return null;
  const stored = JSON.parse(readFileSync(SMALL_RESULTS, "utf8")) as { loadThroughput?: { reqPerSec: number; date: string } };
  return stored.loadThroughput ?? null;
}

function keepSmallThroughput(reqPerSec: number): void {
  const stored = existsSync(SMALL_RESULTS) ? JSON.parse(readFileSync(SMALL_RESULTS, "utf8")) : {};
  stored.loadThroughput = { reqPerSec, date: new Date().toISOString() };
  writeFileSync(SMALL_RESULTS, `${JSON.stringify(stored, null, 2)}\n`);
}

export async function loadCase(ctx: BenchContext): Promise<void> {
  const { rows: accounts } = await ctx.pool.query<{ id: string }>(`
    SELECT a.id::text FROM accounts a JOIN account_role_assignments h ON h.account_id = a.id AND h.role_key = 'csm' AND h.user_id IS NOT NULL
    WHERE a.name NOT LIKE 'Whale %' ORDER BY md5(a.id::text) LIMIT 500`);
  const { rows: opportunities } = await ctx.pool.query<{ id: string }>(`
    SELECT o.id::text FROM opportunities o WHERE o.account_id = ANY($1::uuid[]) ORDER BY md5(o.id::text) LIMIT 500`, [accounts.map((a) => a.id)]);
  const { rows: csms } = await ctx.pool.query<{ id: string }>("SELECT id::text FROM users WHERE profile = 'csm' AND active ORDER BY email LIMIT 20");
  const quarter = await lastFiscalQuarter();
  const statements = await ctx.pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").then(() => true, (error: Error) => {
    ctx.log(`pg_stat_statements unavailable (${error.message}): no database time per request`);
    return false;
  });

  const port = (await portIsFree(3300)) ? 3300 : await freePort();
  const base = `http://127.0.0.1:${port}`;
  const startedAt = Date.now();
  const server = await startServer(ctx, port);
  try {
    await waitUntilReady(base, ctx.token, server);
    ctx.log(`server ready after ${((Date.now() - startedAt) / 1000).toFixed(0)} s; ${CLIENTS} clients for ${DURATION_MS / 1000} s, then ${CROWD} for ${CROWD_MS / 1000} s`);
    const headers = { authorization: `Bearer ${ctx.token}`, "content-type": "application/json" };
    const pick = <T>(rng: () => number, list: T[]) => list[Math.floor(rng() * list.length)];
    const request: Request = (rng, kind) => {
      switch (kind) {
        case "accounts list": return fetch(`${base}/api/v1/accounts?limit=50${rng() < 0.5 ? `&csmId=${pick(rng, csms).id}` : ""}`, { headers });
        case "account": return fetch(`${base}/api/v1/accounts/${pick(rng, accounts).id}`, { headers });
        case "opportunities of a CSM": return fetch(`${base}/api/v1/opportunities?csmId=${pick(rng, csms).id}&open=true&limit=50`, { headers });
        case "opportunity": return fetch(`${base}/api/v1/opportunities/${pick(rng, opportunities).id}`, { headers });
        case "workload": return fetch(`${base}/api/v1/workload?role=${rng() < 0.5 ? "csm" : "sa"}`, { headers });
        case "comp review": return fetch(`${base}/api/v1/comp/opportunities?from=${quarter.from}&to=${quarter.to}&limit=50`, { headers });
        case "reassign CSM":
          return fetch(`${base}/api/v1/accounts/${pick(rng, accounts).id}/team/csm`, { method: "PUT", headers, body: JSON.stringify({ userId: pick(rng, csms).id }) });
      }
    };

    const group = "mixed load";
    const summary = (name: string, sorted: number[], goal: Result["goal"] = { kind: "none" }, note?: string): Result => {
      const p95 = round(percentile(sorted, 95));
      return {
        case: name, group, rows: sorted.length, runs: 0, p50: round(percentile(sorted, 50)), p95, goal, note,
        verdict: goal.kind === "p95" ? (p95 <= goal.ms ? "PASS" : "MISS") : "INFO",
      };
    };

    const load = await runClients(request, CLIENTS, DURATION_MS, 0);
    const all = [...load.latencies.values()].flat().sort((a, b) => a - b);
    const rps = Math.round((all.length / load.seconds) * 10) / 10;
    ctx.report(summary(`mixed load, ${CLIENTS} clients × ${DURATION_MS / 1000} s: all requests`, all,
      ctx.small ? { kind: "none" } : { kind: "p95", ms: GOAL_P95_MS }, `${rps} req/s`));
    for (const [kind, samples] of load.latencies) ctx.report(summary(`  ${kind}`, samples.sort((a, b) => a - b)));
    ctx.report(countResult(group, "mixed load: errors", load.errors.length, { kind: "equals", value: 0, unit: "errors" },
      load.errors.length ? { note: [...new Set(load.errors)].slice(0, 3).join("; ") } : {}));
    ctx.report({
      ...countResult(group, `mixed load: throughput (req/s)${ctx.small ? "" : `, goal ≥ ${GOAL_RPS}`}`, rps, { kind: "none" }),
      verdict: ctx.small ? "INFO" : rps >= GOAL_RPS ? "PASS" : "MISS",
    });
    if (ctx.small) keepSmallThroughput(rps);
    else {
      const small = smallThroughput();
      const ratio = small ? Math.round((rps / small.reqPerSec) * 100) / 100 : null;
      ctx.report({
        ...countResult(group, `full / --small throughput, goal ≥ ${GOAL_SMALL_RATIO}`, ratio ?? Number.NaN, { kind: "none" }, {
          note: small ? `${rps} / ${small.reqPerSec} req/s; the --small run of ${small.date.slice(0, 16).replace("T", " ")} (bench/results-small.json)` : "no --small run recorded: run `npm run bench -- --small --only=load` the same day",
        }),
        verdict: ratio === null ? "MISS" : ratio >= GOAL_SMALL_RATIO ? "PASS" : "MISS",
      });
    }

    const crowd = await runClients(request, CROWD, CROWD_MS, 1000);
    const crowdAll = [...crowd.latencies.values()].flat().sort((a, b) => a - b);
    ctx.report(summary(`mixed load, ${CROWD} clients × ${CROWD_MS / 1000} s: all requests`, crowdAll, { kind: "none" },
      `${(crowdAll.length / crowd.seconds).toFixed(1)} req/s`));
    ctx.report(countResult(group, `mixed load, ${CROWD} clients: errors`, crowd.errors.length, { kind: "equals", value: 0, unit: "errors" },
      crowd.errors.length ? { note: [...new Set(crowd.errors)].slice(0, 3).join("; ") } : {}));

    // Cost per request: each kind alone, one at a time, so the database time and the CPU counted
    // are that kind's and nobody else's.
    const rng = random(4242);
    for (const [kind] of MIX) {
      if (statements) await ctx.pool.query("SELECT pg_stat_statements_reset()");
      const cpuBefore = server.pid ? serverCpuMs(server.pid) : 0;
      for (let i = 0; i < COST_RUNS; i++) await (await request(rng, kind)).arrayBuffer();
      const cpuMs = server.pid ? (serverCpuMs(server.pid) - cpuBefore) / COST_RUNS : null;
      let dbMs: number | null = null;
      if (statements) {
        const { rows } = await ctx.pool.query<{ ms: number }>(`
          SELECT coalesce(sum(s.total_exec_time), 0)::float8 AS ms FROM pg_stat_statements s
          JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() AND s.query NOT ILIKE '%pg_stat_statements%'`);
        dbMs = Math.round((rows[0].ms / COST_RUNS) * 10) / 10;
      }
      const read = kind !== "reassign CSM";
      ctx.report({
        ...countResult("cost per request", `cost of one "${kind}": database ms${read ? " (goal ≤ 25 ms for a read)" : ""}`, dbMs ?? Number.NaN, { kind: "none" }, {
          unit: " ms", note: `node CPU ${cpuMs === null ? "?" : cpuMs.toFixed(1)} ms per request; mean of ${COST_RUNS} alone`,
        }),
        verdict: read && dbMs !== null && !ctx.small ? (dbMs <= 25 ? "PASS" : "MISS") : "INFO",
      });
    }
  } finally {
    await stopServer(server);
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;
