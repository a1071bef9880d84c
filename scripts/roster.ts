// Roster's command line: `npm start`, `npm run dev`, `npm run build`, `npm run seed:demo`,
// `npm run reconcile`, `npm run bench` all come through here, so each finds its database the
// same way: DATABASE_URL when set, otherwise an embedded PostgreSQL kept in .data/.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded.ts";
import { migrate } from "../lib/db/migrate.ts";
import { withClient } from "../lib/db/with-client.ts";
import { bootstrapTokenProblem } from "../lib/auth/bootstrap-token.ts";
import { listenHost } from "../lib/runtime/listen-host.ts";

const root = resolve(import.meta.dirname, "..");
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";

type Database = { url: string; embedded: boolean; stop: () => Promise<void> };

async function openDatabase(): Promise<Database> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const dataDir = resolve(root, process.env.ROSTER_DATA_DIR ?? ".data", "pg");
  const embedded = await startEmbeddedPostgres(dataDir, "roster", { throwaway: process.env.ROSTER_THROWAWAY_DB === "1" });
  console.log(`[roster] embedded PostgreSQL in ${dataDir}`);
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}

/** The session signing secret lives in the database, so every instance on it shares one. */
async function authSecret(url: string): Promise<string> {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  return withClient(url, async (client) => {
    await client.query(
      "INSERT INTO app_settings (key, value) VALUES ('auth_secret', $1) ON CONFLICT (key) DO NOTHING",
      [randomBytes(32).toString("base64url")],
    );
    const { rows } = await client.query("SELECT value FROM app_settings WHERE key = 'auth_secret'");
    return rows[0].value as string;
  });
}

const hasDemoUsers = (url: string) =>
  withClient(url, async (client) => (await client.query("SELECT 1 FROM users WHERE lower(email) = 'admin@demo.roster'")).rowCount === 1);

async function seedDemoData(url: string): Promise<void> {
  const { seedDemo } = await import("../lib/db/seed/demo.ts");
  const started = Date.now();
  if (await seedDemo(url)) console.log(`[roster] demo data loaded in ${Date.now() - started} ms`);
  else console.log("[roster] the database already has users; demo data not loaded");
}

async function prepare(options: { seedWhenEmbedded: boolean }): Promise<Database> {
  const database = await openDatabase();
  const applied = await migrate(database.url);
  if (applied.length) console.log(`[roster] migrations applied: ${applied.join(", ")}`);
  if (database.embedded && options.seedWhenEmbedded) await seedDemoData(database.url);
  return database;
}

// A build is current when nothing it is made from changed since: the sources' sizes and times.
function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) if (!entry.endsWith(".test.ts")) visit(join(path, entry));
    } else {
      hash.update(`${path}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  for (const entry of ["app", "components", "lib", "proxy.ts", "instrumentation.ts", "next.config.js", "package-lock.json", "tsconfig.json", "prisma/schema.prisma"]) {
    visit(join(root, entry));
  }
  return hash.digest("hex");
}

const distDir = join(root, process.env.ROSTER_DIST_DIR || ".next");
const stampFile = join(distDir, "roster-build-fingerprint");

function buildIfStale(force = false): void {
  const fingerprint = sourceFingerprint();
  const current = existsSync(join(distDir, "BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === fingerprint;
  if (current && !force) return;
  console.log("[roster] building the app (next build)…");
  const result = spawnSync(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, stdio: "inherit", env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stampFile, fingerprint);
}

async function serve(mode: "start" | "dev"): Promise<void> {
  const port = process.env.PORT ?? "3000";
  // Refused before anything starts: a weak bootstrap token would be an open admin door.
  const tokenProblem = bootstrapTokenProblem();
  if (tokenProblem) {
    console.error(`[roster] not starting: ${tokenProblem}`);
    process.exit(1);
  }
  if (mode === "start") buildIfStale();
  const database = await prepare({ seedWhenEmbedded: true });
  const listen = listenHost(process.env, database.embedded);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: await authSecret(database.url),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    ROSTER_DEMO: process.env.ROSTER_DEMO ?? ((await hasDemoUsers(database.url)) ? "1" : "0"),
  };
  // `start` serves with one Next.js server per core (scripts/serve.mjs); `dev` with Next's own.
  const args = mode === "start"
    ? [join(root, "scripts/serve.mjs")]
    : [join(root, "node_modules/next/dist/bin/next"), mode, "-p", port, ...(listen.host ? ["-H", listen.host] : [])];
  const next = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...env, PORT: port, ROSTER_LISTEN_HOST: listen.host ?? "" } });
  if (listen.note) console.log(`[roster] ${listen.note}`);
  console.log(`[roster] serving on http://${listen.host && listen.host !== "0.0.0.0" ? listen.host : "localhost"}:${port}`);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    next.kill("SIGTERM");
    await database.stop().catch(() => {});
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  next.on("exit", (code) => void stop(code ?? 0));
}

async function runOnce(task: (url: string) => Promise<void>): Promise<void> {
  const database = await prepare({ seedWhenEmbedded: false });
  process.env.DATABASE_URL = database.url;
  try {
    await task(database.url);
  } finally {
    const { disconnectDb } = await import("../lib/db/client.ts");
    await disconnectDb();
    await database.stop();
  }
}

const [command = "start", ...rest] = process.argv.slice(2);
switch (command) {
  case "start":
  case "dev":
    await serve(command);
    break;
  case "build":
    buildIfStale(true);
    break;
  case "migrate":
    await runOnce(async () => {});
    break;
  case "seed":
    await runOnce(seedDemoData);
    break;
  case "reconcile":
    await runOnce(async () => {
      const { main } = await import("./reconcile.ts");
      await main(rest);
    });
    break;
  case "bench":
    {
      const { main } = await import("../bench/run.ts");
      await main(rest);
    }
    break;
  default:
    console.error(`unknown command "${command}": use start, dev, build, migrate, seed, reconcile or bench`);
    process.exit(2);
}
