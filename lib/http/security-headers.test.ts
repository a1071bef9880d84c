import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { proxy } from "@/proxy.ts";

const run = (headers: Record<string, string> = {}) => proxy(new NextRequest("http://roster.test/accounts", { headers }));

describe("the proxy's security headers", () => {
  it("sets a CSP whose script nonce is new for every request, and hands the same nonce to the render", () => {
    const first = run();
    const second = run();
    const csp = first.headers.get("content-security-policy") ?? "";
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce!);
    // Next reads the policy from the request it renders; the proxy forwards it there.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it("sets nosniff, a referrer policy, a permissions policy and no framing", () => {
    const headers = run().headers;
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(headers.get("permissions-policy")).toMatch(/camera=\(\).*microphone=\(\)/);
    expect(headers.get("x-frame-options")).toBe("DENY");
  });

  it("adds HSTS only behind https", () => {
    expect(run().headers.get("strict-transport-security")).toBeNull();
    expect(run({ "x-forwarded-proto": "https" }).headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });

  it("keeps a sane request id from the front proxy and replaces anything else", () => {
    expect(run({ "x-request-id": "lb-0123456789" }).headers.get("x-request-id")).toBe("lb-0123456789");
    expect(run({ "x-request-id": "not an id; <script>" }).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
