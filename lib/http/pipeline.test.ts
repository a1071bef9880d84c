import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { useLogDestination } from "@/lib/observability/log.ts";
import { makeTokenUser } from "@/test/factories.ts";
import * as accountsRoute from "@/app/api/v1/accounts/route.ts";
import * as teamRoute from "@/app/api/v1/accounts/[id]/team/[roleKey]/route.ts";
import { api, pathKey, readJson } from "./api.ts";
import { setRateLimitCheck } from "./pipeline.ts";

/** A request body that streams `total` bytes in 64 KB chunks, without a Content-Length, counting what was pulled. */
function chunkedBody(total: number, chunk = 64 * 1024) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      const size = Math.min(chunk, total - counter.pulled);
      counter.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  return { stream, counter };
}

function captureLog() {
  const lines: Record<string, unknown>[] = [];
  useLogDestination(new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  }));
  return lines;
}

const echo = api(async ({ request }) => readJson(request, z.object({ name: z.string() })));
const noParams = { params: Promise.resolve({}) };

afterEach(() => {
  setRateLimitCheck(undefined);
  useLogDestination(undefined);
});

describe("the request pipeline", () => {
  it("refuses a chunked 2 MB JSON body (no Content-Length) at 1 MB, without reading it whole", async () => {
    const { token } = await makeTokenUser("admin");
    const { stream, counter } = chunkedBody(2_000_000);
    const request = new Request("http://roster.test/api/v1/echo", {
      method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: stream, duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const response = await echo(request, noParams);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/larger than 1 MB/);
    expect(counter.pulled).toBeLessThan(1_200_000);
  });

  it("refuses a body whose Content-Length is over the limit before reading any of it", async () => {
    const { token } = await makeTokenUser("admin");
    const { stream, counter } = chunkedBody(2_000_000);
    const request = new Request("http://roster.test/api/v1/echo", {
      method: "POST", headers: { authorization: `Bearer ${token}`, "content-length": "2000000" }, body: stream, duplex: "half",
    } as RequestInit);
    expect((await echo(request, noParams)).status).toBe(400);
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it("still takes a JSON body under the limit", async () => {
    const { token } = await makeTokenUser("admin");
    const response = await echo(new Request("http://roster.test/api/v1/echo", {
      method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ name: "x".repeat(900_000) }),
    }), noParams);
    expect(response.status).toBe(200);
  });

  it("echoes a request id, and logs one JSON line per request with route, status, duration and actor — never the token", async () => {
    const lines = captureLog();
    const { user, token } = await makeTokenUser("sales_ops");
    const response = await accountsRoute.GET(new Request("http://roster.test/api/v1/accounts?limit=1", {
      headers: { authorization: `Bearer ${token}`, "x-request-id": "req-abcdef123456" },
    }), noParams);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req-abcdef123456");
    const line = lines.find((entry) => entry.requestId === "req-abcdef123456");
    expect(line).toMatchObject({ msg: "request", method: "GET", route: "/api/v1/accounts", status: 200, actorId: user.id });
    expect(typeof line?.durationMs).toBe("number");
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it("gives ids in a logged route as {id}, so a route has one label", async () => {
    const lines = captureLog();
    const { token } = await makeTokenUser("sales_ops");
    const id = crypto.randomUUID();
    const response = await teamRoute.PUT(new Request(`http://roster.test/api/v1/accounts/${id}/team/csm`, {
      method: "PUT", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ userId: null }),
    }), { params: Promise.resolve({ id, roleKey: "csm" }) });
    expect(response.status).toBe(404);
    expect(lines.at(-1)).toMatchObject({ route: "/api/v1/accounts/{id}/team/csm", status: 404 });
  });

  it("answers an unexpected error with a reference that finds its log line, and no internal text", async () => {
    const lines = captureLog();
    const { token } = await makeTokenUser("admin");
    const broken = api(async () => {
      throw new Error("relation \"secret_table\" does not exist");
    });
    const response = await broken(new Request("http://roster.test/api/v1/x", { headers: { authorization: `Bearer ${token}` } }), noParams);
    const body = await response.json();
    expect(response.status).toBe(500);
    expect(body.error.message).toMatch(/^Something went wrong \(ref [0-9a-f]{8}\)\.$/);
    expect(JSON.stringify(body)).not.toContain("secret_table");
    const ref = body.error.message.match(/ref ([0-9a-f]{8})/)[1];
    expect(response.headers.get("x-request-id")?.startsWith(ref)).toBe(true);
    expect(lines.find((entry) => entry.msg === "unexpected error")).toMatchObject({ ref, level: 50 });
  });

  it("lets a rate limiter refuse a request before any credential is looked up", async () => {
    const seen: string[] = [];
    setRateLimitCheck(async (event) => {
      seen.push(event.stage);
      throw new DomainError("rate_limited", "Too many attempts; try again in 1 minute.");
    });
    const response = await accountsRoute.GET(new Request("http://roster.test/api/v1/accounts", { headers: { authorization: "Bearer nope" } }), noParams);
    expect(response.status).toBe(429);
    expect(seen).toEqual(["before"]);
  });

  it("takes only role keys of a role key's shape from the path", () => {
    expect(pathKey("renewal_manager", "Role")).toBe("renewal_manager");
    for (const bad of [undefined, "", "CSM", "csm;drop", "../csm", "x".repeat(41), "1csm"]) {
      expect(() => pathKey(bad, "Role")).toThrow(DomainError);
    }
  });
});
