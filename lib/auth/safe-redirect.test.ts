import { describe, expect, it } from "vitest";
import { safeCallbackPath, sameOriginRedirect, signInHref } from "./safe-redirect.ts";

const origin = "http://localhost:3000";

describe("safeCallbackPath", () => {
  it.each([
    "/\\evil.com", "\\\\evil.com", "//evil.com", "/\t/evil.com", "/\\/evil.com", "https://evil.com/", "http://localhost:3001/x",
    "javascript:alert(1)", "/.//evil.com", " //evil.com", "http://localhost:3000@evil.com/",
  ])("keeps %j on this site", (value) => {
    const path = safeCallbackPath(value, origin);
    expect(path.startsWith("/")).toBe(true);
    expect(path.startsWith("//")).toBe(false);
    expect(new URL(path, origin).origin).toBe(origin);
    expect(new URL(path, "https://roster.example").host).toBe("roster.example");
  });

  it("keeps ordinary paths with their query and hash, and same-origin absolute URLs as paths", () => {
    expect(safeCallbackPath("/accounts?segment=Enterprise#top", origin)).toBe("/accounts?segment=Enterprise#top");
    expect(safeCallbackPath(`${origin}/comp`, origin)).toBe("/comp");
    expect(safeCallbackPath(undefined, origin)).toBe("/");
  });
});

describe("the next-auth redirect callback", () => {
  it("sends /\\evil.com and other sites home, and same-origin paths where they lead", async () => {
    const { authOptions } = await import("./options.ts");
    const redirect = authOptions.callbacks!.redirect!;
    expect(await redirect({ url: "/\\evil.com", baseUrl: origin })).toBe(`${origin}/`);
    expect(await redirect({ url: "https://evil.com/x", baseUrl: origin })).toBe(`${origin}/`);
    expect(await redirect({ url: "/accounts", baseUrl: origin })).toBe(`${origin}/accounts`);
  });
});

describe("the way back after sign-in", () => {
  it("sends a signed-out visitor to sign in with the page they asked for, and only a path on this site", () => {
    expect(signInHref("/accounts/123?tab=history")).toBe(`/sign-in?callbackUrl=${encodeURIComponent("/accounts/123?tab=history")}`);
    expect(signInHref("/\\evil.com")).toBe("/sign-in");
    expect(signInHref("//evil.com/x")).toBe("/sign-in");
    expect(signInHref("https://evil.com/x")).toBe("/sign-in");
    expect(signInHref(null)).toBe("/sign-in");
    expect(signInHref("/")).toBe("/sign-in");
    expect(signInHref("/sign-in?callbackUrl=/x")).toBe("/sign-in");
  });
});
