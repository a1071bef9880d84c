// The real server for the cases that go through it (load, browser): `npm start` on the bench
// database, built into `.next-bench`, started, waited for and stopped as one process group.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, openSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { BenchContext } from "./context.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
/** A build on a busy machine takes minutes; the server is waited for this long at most. */
const READY_TIMEOUT_MS = 20 * 60_000;

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * `npm start` as a user runs it, on the bench database, with no job worker (nothing else should
 * compete). Its output goes to bench/.data/`logName`.
 */
export async function startServer(ctx: BenchContext, port: number, logName = "server.log"): Promise<ChildProcess> {
  const logDir = fileURLToPath(new URL("./.data", import.meta.url));
  mkdirSync(logDir, { recursive: true });
  const logFile = `${logDir}/${logName}`;
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

export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.pid === undefined) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  // The whole group: the launcher and the `next start` it spawned.
  try { process.kill(-server.pid, "SIGTERM"); } catch { return; }
  const timeout = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), 15_000).unref());
  if ((await Promise.race([exited, timeout])) === "late") {
    try { process.kill(-server.pid, "SIGKILL"); } catch { /* already gone */ }
  }
}

export async function waitUntilReady(base: string, token: string, server: ChildProcess, logName = "server.log"): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`bench: the server exited with ${server.exitCode} (see bench/.data/${logName})`);
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

/** CPU milliseconds of the server: every process of its group (the launcher and `next start`). */
export function serverCpuMs(group: number): number {
  let ms = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      if (Number(fields[2]) !== group) continue;
      ms += Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
    } catch {
      // gone meanwhile
    }
  }
  return ms;
}
