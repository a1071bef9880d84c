import { describe, expect, it } from "vitest";
import * as usersRoute from "@/app/api/v1/users/route.ts";
import { LIMITS } from "@/lib/auth/throttle.ts";
import { makeTokenUser } from "@/test/factories.ts";

// Finding 4 through the one front door: bad bearer tokens from one address end in 429 with
// Retry-After, for that address only; before the limit each is a plain 401.
const get = (token: string, address: string) =>
  usersRoute.GET(new Request("http://roster.test/api/v1/users", { headers: { authorization: `Bearer ${token}`, "x-forwarded-for": address } }), { params: Promise.resolve({}) });

describe("bearer tokens at the door", () => {
  it("throttles an address that keeps sending bad tokens, and only that address", async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < LIMITS.bearer.points; i++) expect((await get(`rst_bad_${i}`, address)).status).toBe(401);
    const blocked = await get("rst_bad_again", address);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(60);
    expect((await blocked.json()).error.code).toBe("rate_limited");
    const { token } = await makeTokenUser("admin");
    expect((await get(token, "198.51.100.7")).status).toBe(200);
  });
});
