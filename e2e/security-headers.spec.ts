import { expect, test, type APIResponse } from "@playwright/test";
import { signIn } from "./support.ts";

/** The headers every answer carries, whatever served it (finding 6). */
function expectSecurityHeaders(response: APIResponse) {
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-request-id"]).toMatch(/^[A-Za-z0-9._-]{8,64}$/);
  return { csp, nonce: csp.match(/'nonce-([^']+)'/)?.[1] ?? "" };
}

test.describe("security headers on every kind of route", () => {
  test("the sign-in page: a fresh nonce per request, on every script Next renders", async ({ request }) => {
    const first = await request.get("/sign-in");
    const second = await request.get("/sign-in");
    const { nonce } = expectSecurityHeaders(first);
    expect(nonce).not.toBe(expectSecurityHeaders(second).nonce);
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  test("a signed-in page, an API route, a static asset, health checks and a missing page", async ({ request }) => {
    const page = await request.get("/accounts", { maxRedirects: 0 });
    expectSecurityHeaders(page);
    const apiAnswer = await request.get("/api/v1/users");
    expect(apiAnswer.status()).toBe(401);
    expectSecurityHeaders(apiAnswer);
    const html = await (await request.get("/sign-in")).text();
    const asset = html.match(/\/_next\/static\/[^"']+\.(?:js|css)/)?.[0];
    expect(asset).toBeTruthy();
    const staticAnswer = await request.get(asset!);
    expect(staticAnswer.status()).toBe(200);
    expectSecurityHeaders(staticAnswer);
    const healthz = await request.get("/healthz");
    expect(await healthz.json()).toEqual({ status: "ok" });
    expectSecurityHeaders(healthz);
    const readyz = await request.get("/readyz");
    expect(await readyz.json()).toEqual({ status: "ready" });
    expectSecurityHeaders(await request.get("/no-such-page"));
  });

  test("HSTS only behind https; the request id of a front proxy is kept", async ({ request }) => {
    const plain = await request.get("/healthz");
    expect(plain.headers()["strict-transport-security"]).toBeUndefined();
    const https = await request.get("/healthz", { headers: { "x-forwarded-proto": "https", "x-request-id": "lb-0123456789abcdef" } });
    expect(https.headers()["strict-transport-security"]).toMatch(/max-age=\d{7,}; includeSubDomains/);
    expect(https.headers()["x-request-id"]).toBe("lb-0123456789abcdef");
    expect(https.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
  });

  test("pages work under the policy: sign-in, charts and tables run with no CSP violation", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await signIn(page, "leader@demo.roster");
    await page.goto("/workload");
    await expect(page.locator(".recharts-surface").first()).toBeVisible({ timeout: 30_000 });
    await page.goto("/accounts");
    await expect(page.getByRole("table").first()).toBeVisible();
    expect(violations).toEqual([]);
  });
});
