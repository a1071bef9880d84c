// `npm start`'s web server: one Next.js server per core, all on one port. A single Node process
// renders on one core; node:cluster hands each new connection to the next worker, so a 2-core
// machine serves with both. Workers share nothing but the database (the app is stateless), so
// this is the same as running several instances behind a load balancer.
import cluster from "node:cluster";
import { createServer } from "node:http";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import next from "next";

const root = fileURLToPath(new URL("..", import.meta.url));
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.ROSTER_LISTEN_HOST || undefined;
const workers = Math.max(1, Math.floor(Number(process.env.ROSTER_WEB_CONCURRENCY) || Math.min(availableParallelism(), 4)));
/** A worker that dies sooner than this after starting is not restarted: it would only die again. */
const STEADY_MS = 15_000;

if (cluster.isPrimary) {
  let stopping = false;
  const startedAt = new Map();
  const fork = () => startedAt.set(cluster.fork().id, Date.now());
  for (let i = 0; i < workers; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    console.error(`[roster] web worker ${worker.process.pid} exited (${signal ?? code}) after ${Math.round(lived / 1000)} s`);
    if (lived < STEADY_MS) process.exit(typeof code === "number" && code !== 0 ? code : 1);
    fork();
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  const app = next({ dev: false, dir: root, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((request, response) => void handle(request, response));
  // Longer than any proxy's idle timeout in front of us, so it never reuses a socket we closed.
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname);
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
