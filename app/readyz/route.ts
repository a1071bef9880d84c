import { databaseReady } from "@/lib/db/readiness.ts";
import { metricsTokenPresented } from "@/lib/http/metrics-token.ts";
import { jobQueueHealth } from "@/lib/jobs/health.ts";

export const dynamic = "force-dynamic";

/**
 * Readiness: 200 `{status:"ready"}` when the database answers and its migrations are current, else
 * 503 `{status:"unavailable"}`. The contract allows no more to anyone; an operator presenting the
 * metrics token also gets the job queue's state.
 */
export async function GET(request: Request): Promise<Response> {
  const ready = await databaseReady();
  const headers = { "cache-control": "no-store" };
  if (!ready) return Response.json({ status: "unavailable" }, { status: 503, headers: { ...headers, "retry-after": "2" } });
  if (metricsTokenPresented(request)) {
    const jobs = await jobQueueHealth().catch(() => null);
    return Response.json({ status: "ready", jobs }, { headers });
  }
  return Response.json({ status: "ready" }, { headers });
}
