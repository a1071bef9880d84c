import "server-only";
import type { ApiContext } from "./api.ts";
import { route } from "./pipeline.ts";

/**
 * Like `api()`, for the endpoints the web pages call too (uploads, CSV downloads): a bearer
 * token when one is sent, otherwise the signed-in session (same-origin only for changes). A
 * session acts with source "ui", a token with "api".
 */
export function apiOrSession(handler: (context: ApiContext) => Promise<Response | unknown>) {
  return route({ door: "either" }, handler);
}
