// CPU time spent on a case, by this process and by the PostgreSQL backends serving it. On a shared
// machine the wall time also counts the time spent waiting for a core; CPU time mostly does not,
// so it is the steadier figure to compare runs (and Roster with its floor and baseline) by.
import { readdirSync, readFileSync } from "node:fs";
import type pg from "pg";

const read = (path: string) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
};

/** Nanoseconds on a CPU, from the scheduler's own account (finer than the 10 ms ticks of /proc/<pid>/stat). */
const onCpuMs = (pid: string) => Number(read(`/proc/${pid}/schedstat`)?.split(" ")[0] ?? 0) / 1e6;
const parentOf = (pid: string) => read(`/proc/${pid}/stat`)?.split(") ")[1]?.split(" ")[1] ?? null;

/** Started before a run; the function it returns gives the CPU milliseconds spent since. */
export type CpuStopwatch = () => () => number;

/**
 * A stopwatch of CPU milliseconds, or null when PostgreSQL runs on another machine (or /proc is not
 * there). The postmaster is found as the parent of one of our backends; its children that serve
 * `database` (and the parallel workers they start) are counted, autovacuum and the background
 * writers are not.
 */
export async function cpuStopwatch(pool: pg.Pool, database: string): Promise<CpuStopwatch | null> {
  const { rows } = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const postmaster = parentOf(String(rows[0].pid));
  if (!postmaster || !read(`/proc/${postmaster}/cmdline`)?.includes("postgres")) return null;
  const snapshot = () => {
    const backends = new Map<string, number>();
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid) || parentOf(pid) !== postmaster) continue;
      const title = read(`/proc/${pid}/cmdline`) ?? "";
      if (title.includes("autovacuum") || !(title.includes(database) || title.includes("parallel worker"))) continue;
      backends.set(pid, onCpuMs(pid));
    }
    const own = process.cpuUsage();
    return { backends, own: (own.user + own.system) / 1000 };
  };
  return () => {
    const before = snapshot();
    return () => {
      const after = snapshot();
      // Per backend, so one that a pool closes meanwhile does not subtract its whole life's CPU.
      let total = after.own - before.own;
      for (const [pid, ms] of after.backends) total += ms - (before.backends.get(pid) ?? 0);
      return total;
    };
  };
}
