import { type NextRequest, NextResponse } from "next/server";
import { securityHeaders } from "@/lib/http/security-headers.ts";
import { RETURN_PATH_HEADER } from "@/lib/auth/safe-redirect.ts";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Runs before every request: gives it a request id (kept from a trusted front proxy when sane) and
 * a fresh CSP nonce, which Next reads from the request's policy header to mark its own scripts,
 * and sets the security headers on the answer. It decides nothing about access: every route,
 * action and page checks the actor itself.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const given = request.headers.get("x-request-id");
  const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
  const headers = securityHeaders(nonce, {
    dev: process.env.NODE_ENV === "development",
    https: request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https",
  });
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("x-request-id", requestId);
  // The page asked for, so a signed-out visitor can be sent back to it after sign-in
  // (lib/auth/session.ts). Always set here, so a header the client sent is never believed.
  forwarded.set(RETURN_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  forwarded.set("content-security-policy", headers["content-security-policy"]);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set("x-request-id", requestId);
  return response;
}
