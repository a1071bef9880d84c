import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { db } from "@/lib/db/client.ts";
import { jobQueueHealth } from "@/lib/jobs/health.ts";

/**
 * Roster's Prometheus metrics, served at /metrics behind ROSTER_METRICS_TOKEN. Request timings are
 * recorded by the request pipeline as they happen; the job queue and import figures are read from
 * the database when scraped, so every instance reports the same shared queue and nothing is lost
 * when an instance restarts.
 */
type Metrics = {
  registry: Registry;
  requestDuration: Histogram<"route" | "method" | "status">;
  webhookDeliveries: Counter<"outcome">;
};

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "roster_" });
  const requestDuration = new Histogram({
    name: "roster_http_request_duration_seconds",
    help: "Time to answer a request, by route pattern, method and status.",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const webhookDeliveries = new Counter({
    name: "roster_webhook_deliveries_total",
    help: "Webhook delivery attempts by outcome (delivered, failed, gave_up …).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const queue = (name: string, help: string, pick: (h: Awaited<ReturnType<typeof jobQueueHealth>>) => number | null) =>
    ({ name, help, pick });
  const queueGauges = [
    queue("roster_job_queue_queued", "Jobs due now that no worker has taken.", (h) => h.queued),
    queue("roster_job_queue_running", "Jobs a worker holds.", (h) => h.running),
    queue("roster_job_queue_oldest_running_seconds", "Age of the oldest running job (0 when none runs).", (h) => h.oldestRunningSeconds ?? 0),
    queue("roster_job_queue_stuck", "Jobs held by a worker that stopped answering.", (h) => h.stuck),
  ];
  // One read of the queue per scrape, shared by its four gauges.
  let pending: Promise<Awaited<ReturnType<typeof jobQueueHealth>>> | null = null;
  const health = () => (pending ??= jobQueueHealth().finally(() => setTimeout(() => (pending = null), 0)));
  for (const { name, help, pick } of queueGauges) {
    new Gauge({
      name, help, registers: [registry],
      async collect() {
        this.set(pick(await health()) ?? 0);
      },
    });
  }
  new Gauge({
    name: "roster_imports",
    help: "Imports by kind and status (succeeded and failed are their outcomes).",
    labelNames: ["kind", "status"] as const,
    registers: [registry],
    async collect() {
      const rows = await db.$queryRaw<{ kind: string; status: string; n: number }[]>`
        SELECT kind::text, status::text, count(*)::int AS n FROM import_jobs GROUP BY kind, status`;
      this.reset();
      for (const row of rows) this.set({ kind: row.kind, status: row.status }, row.n);
    },
  });
  return { registry, requestDuration, webhookDeliveries };
}

const holder = globalThis as unknown as { rosterMetrics?: Metrics };
const metrics = () => (holder.rosterMetrics ??= create());

export function observeRequest(route: string, method: string, status: number, seconds: number): void {
  metrics().requestDuration.observe({ route, method, status: String(status) }, seconds);
}

/** For the webhook sender: count one delivery attempt by its outcome. */
export function recordWebhookDelivery(outcome: string): void {
  metrics().webhookDeliveries.inc({ outcome });
}

export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
