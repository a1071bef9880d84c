import "server-only";
import { fileURLToPath } from "node:url";
import { Logger, runMigrations as runJobQueueMigrations } from "graphile-worker";
import { runner } from "node-pg-migrate";
import pg from "pg";

const silentJobLogger = new Logger(() => () => {});
const migrationsDir = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

/**
 * Applies every pending SQL migration. node-pg-migrate holds an advisory lock while it runs and a
 * second instance fails fast on it, so when several app instances start at once on one database
 * the others retry until the first has finished, then find nothing left to do.
 */
export async function migrate(databaseUrl: string, { log = false } = {}): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const applied = await runner({
        databaseUrl,
        dir: migrationsDir,
        direction: "up",
        migrationsTable: "roster_migrations",
        count: Number.POSITIVE_INFINITY,
        checkOrder: true,
        verbose: false,
        log: log ? (message: string) => console.log(message) : () => {},
      });
      // The job queue's own schema too, so jobs can be queued (in SQL, in a change's transaction)
      // before any worker has started; it takes its own advisory lock. Through a pool of ours:
      // given a connection string, graphile-worker ends its own pool without waiting, so a
      // connection could still be closing after we return (and die unheard if the database goes).
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      // A connection ended by the server while closing (the database dropped or restarted) is not a failure.
      pool.on("error", () => {});
      try {
        await runJobQueueMigrations({ pgPool: pool, logger: silentJobLogger });
      } finally {
        await pool.end();
      }
      return applied.map((migration) => migration.name);
    } catch (error) {
      const locked = error instanceof Error && /Another migration is already running/i.test(error.message);
      if (!locked || attempt >= 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
