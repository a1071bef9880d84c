// 20 concurrent clients mixing reads and reassignments against the real server (`npm start`).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { freePort } from "../../lib/db/embedded.ts";
import type { BenchContext } from "../context.ts";
import { countResult, percentile, type Result } from "../measure.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const CLIENTS = 20;
const DURATION_MS = 30_000;
/** A build on a busy machine takes minutes; the server is waited for this long at most. */
const READY_TIMEOUT_MS = 20 * 60_000;

type Kind = "accounts list" | "account" | "opportunities of a CSM" | "workload" | "reassign CSM";
const MIX: [Kind, number][] = [["accounts list", 25], ["account", 20], ["opportunities of a CSM", 20], ["workload", 10], ["reassign CSM", 25]];

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** `npm start` as a user runs it, on the bench database, with no job worker (nothing else should compete). */
async function startServer(ctx: BenchContext, port: number): Promise<ChildProcess> {
  const logDir = fileURLToPath(new URL("../.data", import.meta.url));
  mkdirSync(logDir, { recursive: true });
  const logFile = `${logDir}/server.log`;
  const out = openSync(logFile, "w");
  ctx.log(`starting the server on 127.0.0.1:${port} (builds .next-bench first when stale; log in ${logFile})`);
  return spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/roster.ts", "start"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", out, out],
    env: {
      ...process.env, DATABASE_URL: ctx.url, PORT: String(port), ROSTER_WORKER: "off", ROSTER_DIST_DIR: ".next-bench",
      ROSTER_ADMIN_TOKEN: ctx.token, NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    },
  });
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.pid === undefined) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  // The whole group: the launcher and the `next start` it spawned.
  try { process.kill(-server.pid, "SIGTERM"); } catch { return; }
  const timeout = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), 15_000).unref());
  if ((await Promise.race([exited, timeout])) === "late") {
    try { process.kill(-server.pid, "SIGKILL"); } catch { /* already gone */ }
  }
}

async function waitUntilReady(base: string, token: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`bench: the server exited with ${server.exitCode} (see bench/.data/server.log)`);
    try {
      const response = await fetch(`${base}/api/v1/roles`, { headers: { authorization: `Bearer ${token}` } });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error("bench: the server did not become ready in time");
}

/** A small deterministic generator, so two runs send the same mix. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export async function loadCase(ctx: BenchContext): Promise<void> {
  const { rows: accounts } = await ctx.pool.query<{ id: string }>(`
    SELECT a.id::text FROM accounts a JOIN account_role_assignments h ON h.account_id = a.id AND h.role_key = 'csm' AND h.user_id IS NOT NULL
    WHERE a.name NOT LIKE 'Whale %' ORDER BY md5(a.id::text) LIMIT 500`);
  const { rows: csms } = await ctx.pool.query<{ id: string }>("SELECT id::text FROM users WHERE profile = 'csm' AND active ORDER BY email LIMIT 20");

  const port = (await portIsFree(3300)) ? 3300 : await freePort();
  const base = `http://127.0.0.1:${port}`;
  const startedAt = Date.now();
  const server = await startServer(ctx, port);
  try {
    await waitUntilReady(base, ctx.token, server);
    ctx.log(`server ready after ${((Date.now() - startedAt) / 1000).toFixed(0)} s; ${CLIENTS} clients for ${DURATION_MS / 1000} s`);
    const headers = { authorization: `Bearer ${ctx.token}`, "content-type": "application/json" };
    const pick = <T>(rng: () => number, list: T[]) => list[Math.floor(rng() * list.length)];
    const request = (rng: () => number, kind: Kind): Promise<Response> => {
      switch (kind) {
        case "accounts list": return fetch(`${base}/api/v1/accounts?limit=50${rng() < 0.5 ? `&csmId=${pick(rng, csms).id}` : ""}`, { headers });
        case "account": return fetch(`${base}/api/v1/accounts/${pick(rng, accounts).id}`, { headers });
        case "opportunities of a CSM": return fetch(`${base}/api/v1/opportunities?csmId=${pick(rng, csms).id}&open=true&limit=50`, { headers });
        case "workload": return fetch(`${base}/api/v1/workload?role=${rng() < 0.5 ? "csm" : "sa"}`, { headers });
        case "reassign CSM":
          return fetch(`${base}/api/v1/accounts/${pick(rng, accounts).id}/team/csm`, { method: "PUT", headers, body: JSON.stringify({ userId: pick(rng, csms).id }) });
      }
    };
    const total = MIX.reduce((sum, [, weight]) => sum + weight, 0);
    const choose = (rng: () => number): Kind => {
      let roll = rng() * total;
      for (const [kind, weight] of MIX) if ((roll -= weight) < 0) return kind;
      return MIX[0][0];
    };

    const latencies = new Map<Kind, number[]>(MIX.map(([kind]) => [kind, []]));
    const errors: string[] = [];
    const end = Date.now() + DURATION_MS;
    const loadStarted = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
      const rng = random(client + 1);
      while (Date.now() < end) {
        const kind = choose(rng);
        const started = performance.now();
        try {
          const response = await request(rng, kind);
          await response.arrayBuffer();
          if (!response.ok) errors.push(`${kind}: ${response.status}`);
        } catch (error) {
          errors.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
        }
        latencies.get(kind)!.push(performance.now() - started);
      }
    }));
    const seconds = (performance.now() - loadStarted) / 1000;
    const all = [...latencies.values()].flat().sort((a, b) => a - b);
    const group = "mixed load";
    const summary = (name: string, sorted: number[], note?: string): Result => ({
      case: name, group, rows: sorted.length, runs: 0, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)),
      goal: { kind: "none" }, verdict: "INFO", note,
    });
    ctx.report({ ...summary(`mixed load, ${CLIENTS} clients × ${DURATION_MS / 1000} s: all requests`, all,
      `${(all.length / seconds).toFixed(1)} req/s`), value: Math.round((all.length / seconds) * 10) / 10 });
    for (const [kind, samples] of latencies) ctx.report(summary(`  ${kind}`, samples.sort((a, b) => a - b)));
    ctx.report(countResult(group, "mixed load: errors", errors.length, { kind: "equals", value: 0, unit: "errors" },
      errors.length ? { note: [...new Set(errors)].slice(0, 3).join("; ") } : {}));
  } finally {
    await stopServer(server);
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;
