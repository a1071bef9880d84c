import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Whether the request carries `Authorization: Bearer $ROSTER_METRICS_TOKEN`. Null when no token is
 * configured: then the operator endpoints' extra detail does not exist at all.
 */
export function metricsTokenPresented(request: Request): boolean | null {
  const token = process.env.ROSTER_METRICS_TOKEN;
  if (!token) return null;
  const match = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i);
  return !!match && timingSafeEqual(digest(match[1]), digest(token));
}
