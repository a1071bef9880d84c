import { afterEach, describe, expect, it, vi } from "vitest";
import * as healthz from "@/app/healthz/route.ts";
import * as metricsRoute from "@/app/metrics/route.ts";
import * as readyz from "@/app/readyz/route.ts";
import * as accountsRoute from "@/app/api/v1/accounts/route.ts";
import { recordWebhookDelivery } from "@/lib/observability/metrics.ts";
import { makeTokenUser } from "@/test/factories.ts";

const METRICS_TOKEN = "metrics-token-0123456789abcdef0123456789";
const get = (path: string, token?: string) =>
  new Request(`http://roster.test${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

afterEach(() => vi.unstubAllEnvs());

describe("health, readiness and metrics", () => {
  it("/healthz answers while the process serves", async () => {
    const response = healthz.GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("/readyz is ready when the database answers and every migration is applied, and says no more", async () => {
    const response = await readyz.GET(get("/readyz"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready" });
  });

  it("/readyz adds the job queue's state only for the metrics token", async () => {
    vi.stubEnv("ROSTER_METRICS_TOKEN", METRICS_TOKEN);
    expect(await (await readyz.GET(get("/readyz", "wrong"))).json()).toEqual({ status: "ready" });
    const body = await (await readyz.GET(get("/readyz", METRICS_TOKEN))).json();
    expect(body).toMatchObject({ status: "ready", jobs: { queued: expect.any(Number), running: expect.any(Number), stuck: expect.any(Number) } });
  });

  it("/metrics does not exist without ROSTER_METRICS_TOKEN, and wants the token when set", async () => {
    vi.stubEnv("ROSTER_METRICS_TOKEN", "");
    expect((await metricsRoute.GET(get("/metrics", METRICS_TOKEN))).status).toBe(404);
    vi.stubEnv("ROSTER_METRICS_TOKEN", METRICS_TOKEN);
    expect((await metricsRoute.GET(get("/metrics"))).status).toBe(401);
    expect((await metricsRoute.GET(get("/metrics", "nearly-the-token"))).status).toBe(401);
  });

  it("/metrics shows request timings per route, the job queue, imports and webhook deliveries", async () => {
    vi.stubEnv("ROSTER_METRICS_TOKEN", METRICS_TOKEN);
    const { token } = await makeTokenUser("sales_ops");
    await accountsRoute.GET(get("/api/v1/accounts?limit=1", token), { params: Promise.resolve({}) });
    recordWebhookDelivery("delivered");
    const response = await metricsRoute.GET(get("/metrics", METRICS_TOKEN));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/roster_http_request_duration_seconds_count\{route="\/api\/v1\/accounts",method="GET",status="200"\} [1-9]/);
    expect(text).toMatch(/^roster_job_queue_queued \d+/m);
    expect(text).toMatch(/^roster_job_queue_oldest_running_seconds [\d.]+/m);
    expect(text).toMatch(/^roster_webhook_deliveries_total\{outcome="delivered"\} [1-9]/m);
    expect(text).toContain("# TYPE roster_imports gauge");
    expect(text).not.toContain(token);
  });
});
