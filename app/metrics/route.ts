import { metricsTokenPresented } from "@/lib/http/metrics-token.ts";
import { renderMetrics } from "@/lib/observability/metrics.ts";

export const dynamic = "force-dynamic";

/** Prometheus metrics behind ROSTER_METRICS_TOKEN (a bearer token); without one set, there is no such page. */
export async function GET(request: Request): Promise<Response> {
  const presented = metricsTokenPresented(request);
  if (presented === null) return new Response("Not found", { status: 404 });
  if (!presented) return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  try {
    const { body, contentType } = await renderMetrics();
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch {
    // A scrape while the database is away: the queue and import gauges cannot be read.
    return new Response("# database unavailable\n", { status: 503, headers: { "retry-after": "2" } });
  }
}
