// What every case is given: the database, who acts, and how many runs a case gets.
import type pg from "pg";
import type { Actor } from "../lib/auth/actor.ts";
import type { DatasetSize } from "./database.ts";
import type { Result } from "./measure.ts";

export type BenchContext = {
  url: string;
  small: boolean;
  size: DatasetSize;
  /** An admin: every case is something an admin may do. */
  actor: Actor;
  /** Bearer token of `actor` (ROSTER_ADMIN_TOKEN), for the HTTP cases. */
  token: string;
  /** Plain connections for setup, the floor and the baseline, outside the domain layer. */
  pool: pg.Pool;
  log: (line: string) => void;
  /** Adds a row to the table as soon as it is measured, so an interrupted run still shows it. */
  report: (result: Result) => void;
  /** The run count for a case: `full` on the full data set, `small` on the small one. */
  runs: (full: number, small?: number) => number;
};

/** One row from `sql`; throws when there is none, since every case needs its subject. */
export async function one<T>(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await pool.query(sql, params);
  if (rows.length === 0) throw new Error(`bench: no row for ${sql.replace(/\s+/g, " ").slice(0, 120)}`);
  return rows[0] as T;
}

/** The last complete fiscal quarter before today: the period the comp cases review. */
export async function lastFiscalQuarter() {
  // Imported when called: the domain reads DATABASE_URL when first loaded, which run.ts sets first.
  const { quarterOf } = await import("../lib/domain/settings/fiscal.ts");
  const { fiscalYearStartMonth } = await import("../lib/domain/settings/queries.ts");
  const startMonth = await fiscalYearStartMonth();
  const current = quarterOf(new Date().toISOString().slice(0, 10), startMonth);
  return quarterOf(new Date(Date.parse(`${current.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10), startMonth);
}
