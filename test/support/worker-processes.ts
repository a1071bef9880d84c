import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export type WorkerProcess = { child: ChildProcess; instanceId: string; output: () => string; kill: () => Promise<void> };

/**
 * Starts Roster's job worker (or another `script` that prints "ready <id>") in a child process on
 * `databaseUrl`, with short leases so the tests see a dead worker noticed in seconds rather than
 * the production half minute.
 */
export async function startWorkerProcess(databaseUrl: string, env: Record<string, string> = {}, script = "test/support/worker-process.ts"): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, ROSTER_JOB_LEASE_SECONDS: "3", ROSTER_REAPER_INTERVAL_SECONDS: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => { output += chunk; });
  child.stderr!.on("data", (chunk) => { output += chunk; });
  const instanceId = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60_000);
    child.stdout!.on("data", () => {
      const ready = output.match(/^ready (\S+)$/m);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`worker exited (${code}):\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    instanceId,
    output: () => output,
    /** SIGKILL: no clean-up, no goodbye, as when an operator kills -9 the app. */
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
