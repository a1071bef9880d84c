// The bench's own database: generated once per data-set fingerprint, then reused by later runs.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { hash } from "@node-rs/argon2";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded.ts";
import { migrate } from "../lib/db/migrate.ts";
import { generateDataset, type GenerateResult } from "../lib/db/seed/generate.ts";
import { cpuStopwatch } from "./cpu.ts";
import { withClient } from "../lib/db/with-client.ts";

export type DatasetSize = { users: number; accounts: number; opportunities: number; whales: number[]; seed: number };

export const FULL: DatasetSize = { users: 500, accounts: 100_000, opportunities: 2_000_000, whales: [10_000, 50_000], seed: 2026 };
export const SMALL: DatasetSize = { users: 50, accounts: 10_000, opportunities: 200_000, whales: [1_000, 5_000], seed: 2026 };

/** The full data set's database; the small one lives beside it, so switching costs no regeneration. */
export const BENCH_DB = "roster_bench";
/** Everyone in the generated org signs in with this password, should anyone look around. */
export const BENCH_PASSWORD = "roster-bench";

export type Generation = GenerateResult & { vacuumMs: number; cpuMs: number | null; phases: string[]; at: string; fingerprint: string };

export type BenchDatabase = {
  url: string;
  name: string;
  embedded: boolean;
  /** Null when an existing data set with the same fingerprint was reused. */
  generated: Generation | null;
  /** When reused: how its generation went, if this machine saw it. */
  previous: Generation | null;
  stop: () => Promise<void>;
};

const migrationsDir = fileURLToPath(new URL("../prisma/migrations", import.meta.url));
const dataDir = fileURLToPath(new URL("./.data/pg", import.meta.url));
const generationFile = (name: string) => fileURLToPath(new URL(`./.data/${name}.generation.json`, import.meta.url));

function previousGeneration(name: string, fingerprint: string): Generation | null {
  const path = generationFile(name);
  if (!existsSync(path)) return null;
  const generation = JSON.parse(readFileSync(path, "utf8")) as Generation;
  return generation.fingerprint === fingerprint ? generation : null;
}

/** Sizes, seed and schema: when any of them changes, the stored data set no longer answers the question asked. */
function fingerprint(size: DatasetSize): string {
  // Their contents, not just their names: a migration edited before it lands must not be skipped
  // in a data set that ran its earlier text.
  const migrations = readdirSync(migrationsDir).filter((name) => name.endsWith(".sql")).sort()
    .map((name) => [name, createHash("sha256").update(readFileSync(`${migrationsDir}/${name}`)).digest("hex")]);
  return createHash("sha256").update(JSON.stringify({ format: 2, size, migrations })).digest("hex").slice(0, 16);
}

const withDatabase = (url: string, name: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

/** The fingerprint is kept as the database's comment, so it travels with the data and nothing else. */
async function storedFingerprint(url: string): Promise<string | null> {
  return withClient(url, async (client) => {
    const { rows } = await client.query("SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = current_database()");
    const match = /^roster-bench ([0-9a-f]+)$/.exec(rows[0]?.note ?? "");
    return match ? match[1] : null;
  });
}

async function recreate(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  });
}

/**
 * Opens the bench database: an embedded PostgreSQL in bench/.data, or `roster_bench` (the small
 * data set: `roster_bench_small`) on DATABASE_URL's server. A database holding the same data set (same fingerprint) is reused as is;
 * otherwise it is dropped, recreated, migrated and filled by the demo generator, then vacuumed so
 * the measurements see a settled table (visibility map and hint bits set) as production would.
 */
export async function openBenchDatabase(
  size: DatasetSize,
  { fresh, log }: { fresh: boolean; log: (line: string) => void },
): Promise<BenchDatabase> {
  const name = size === SMALL ? `${BENCH_DB}_small` : BENCH_DB;
  let serverUrl: string;
  let embedded: { url: string; stop: () => Promise<void> } | null = null;
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
    const exists = await withClient(serverUrl, async (client) => (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1);
    if (!exists) await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  } else {
    // Rebuilt at will, so it runs without fsync (embedded.ts's throw-away settings). Buffers sized
    // as a production server's would be (a quarter of memory, up to 4 GB), so the 2M-row tables and
    // their indexes are measured in memory, not through the 256 MB an app's local database needs.
    const quarterGb = Math.max(1, Math.min(4, Math.floor(totalmem() / 4 / 2 ** 30)));
    // pg_stat_statements: the load case reports the database time of each kind of request.
    embedded = await startEmbeddedPostgres(dataDir, name, { throwaway: true, sharedBuffers: `${quarterGb}GB`, preload: ["pg_stat_statements"] });
    serverUrl = withDatabase(embedded.url, "postgres");
    log(`embedded PostgreSQL in ${dataDir}`);
  }
  const url = withDatabase(serverUrl, name);
  const stop = embedded ? embedded.stop : async () => {};
  try {
    const wanted = fingerprint(size);
    if (!fresh && (await storedFingerprint(url)) === wanted) {
      await migrate(url);
      log(`reusing the data set in ${name} (fingerprint ${wanted})`);
      return { url, name, embedded: Boolean(embedded), generated: null, previous: previousGeneration(name, wanted), stop };
    }
    log(`generating the data set (fingerprint ${wanted}) …`);
    await recreate(serverUrl, name);
    await migrate(url);
    const phases: string[] = [];
    // CPU time too: on a busy machine the wall time mostly measures the wait for a core.
    const watcher = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0 });
    const stopwatch = await cpuStopwatch(watcher, name);
    const cpuSince = stopwatch?.();
    const result = await generateDataset(url, {
      users: size.users, accounts: size.accounts, opportunities: size.opportunities, whales: size.whales, seed: size.seed,
      passwordHash: await hash(BENCH_PASSWORD), demo: false, log: (line) => phases.push(line),
    });
    const cpuMs = cpuSince ? Math.round(cpuSince()) : null;
    await watcher.end();
    for (const phase of phases) log(`  ${phase}`);
    log(`generated in ${(result.ms / 1000).toFixed(1)} s${cpuMs === null ? "" : ` (CPU ${(cpuMs / 1000).toFixed(1)} s)`}: ${result.users} users, ${result.accounts} accounts, ${result.opportunities} opportunities, ${result.activities} activities, ${result.auditEntries} audit entries`);
    const vacuumStarted = Date.now();
    await withClient(url, (client) => client.query("VACUUM (ANALYZE)"));
    const vacuumMs = Date.now() - vacuumStarted;
    log(`vacuumed in ${(vacuumMs / 1000).toFixed(1)} s`);
    // Marked only once complete, so an interrupted generation is redone next time.
    await withClient(url, (client) => client.query(`COMMENT ON DATABASE ${name} IS 'roster-bench ${wanted}'`));
    const generated: Generation = { ...result, vacuumMs, cpuMs, phases, at: new Date().toISOString(), fingerprint: wanted };
    mkdirSync(fileURLToPath(new URL("./.data", import.meta.url)), { recursive: true });
    writeFileSync(generationFile(name), JSON.stringify(generated, null, 2));
    return { url, name, embedded: Boolean(embedded), generated, previous: null, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
