/**
 * Whether an error means "the database cannot be reached right now" (down, restarting, refusing
 * connections) rather than a bug or a rule: such a request is answered 503 with Retry-After, and
 * background work waits and tries again instead of giving up.
 */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);
// PostgreSQL: connection exceptions (08…), shutting down or starting (57P01–57P03), too many connections.
const POSTGRES_CODES = /^(08\d{3}|57P0[123]|53300)$/;
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const DRIVER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "DatabaseUnavailable"]);
const MESSAGES = [
  /can't reach database server/i,
  /connection terminated/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /connect ECONNREFUSED/i,
  /Connection is closed/i,
  /timeout exceeded when trying to connect/i,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; errors?: unknown; meta?: { driverAdapterError?: unknown } };
  const code = typeof e.code === "string" ? e.code : undefined;
  if (code && (NETWORK_CODES.has(code) || POSTGRES_CODES.test(code) || PRISMA_CODES.has(code))) return true;
  if (typeof e.kind === "string" && DRIVER_KINDS.has(e.kind)) return true;
  const originalCode = (e.cause as { originalCode?: unknown } | undefined)?.originalCode;
  if (typeof originalCode === "string" && (NETWORK_CODES.has(originalCode) || POSTGRES_CODES.test(originalCode))) return true;
  if (typeof e.message === "string" && MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}
