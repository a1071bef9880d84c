import "server-only";
import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/errors/database-unavailable.ts";
import { DomainError, type DomainErrorCode } from "@/lib/errors/domain-error.ts";
import { logger } from "@/lib/observability/log.ts";

export const STATUS: Record<DomainErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  locked: 403,
  not_found: 404,
  conflict: 409,
  ineligible_assignee: 422,
  invalid_transition: 422,
  rate_limited: 429,
  unavailable: 503,
};

export const DATABASE_UNAVAILABLE = "Roster can't reach its database; try again shortly.";
/** Seconds a client should wait before trying again while the database is away. */
export const RETRY_AFTER_SECONDS = 2;

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: details ? { code, message, details } : { code, message } };
}

/** The one field mapper: zod issues as `details.fields`, field path → first message. */
export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

export type ErrorAnswer = { status: number; code: string; message: string; details?: Record<string, unknown> };

/**
 * Any error as what the caller may see. Rule errors keep their message; an unreachable database is
 * its own answer (no driver text); everything else is logged with a reference the caller can quote
 * and shown only as "Something went wrong (ref …)". The reference is the request id, so the log
 * line and the request's own access line are found together.
 */
export function describeError(error: unknown, requestId: string, invalidMessage = "The request is not valid."): ErrorAnswer {
  if (error instanceof DomainError) {
    return { status: STATUS[error.code], code: error.code, message: error.message, details: error.details };
  }
  if (error instanceof z.ZodError) {
    return { status: 400, code: "invalid_request", message: invalidMessage, details: { fields: zodFields(error) } };
  }
  if (isDatabaseUnavailable(error)) {
    // Expected while the database restarts: a warning without the driver's stack.
    logger().warn({ requestId, kind: "database_unavailable" }, "database unavailable");
    return { status: 503, code: "unavailable", message: DATABASE_UNAVAILABLE };
  }
  const ref = requestId.slice(0, 8);
  logger().error({ requestId, ref, err: error }, "unexpected error");
  return { status: 500, code: "internal", message: `Something went wrong (ref ${ref}).` };
}

export function answer({ status, code, message, details }: ErrorAnswer): Response {
  // A throttled caller is told when to come back (the limiter says; details.retryAfterSeconds).
  const wait = typeof details?.retryAfterSeconds === "number" ? Math.ceil(details.retryAfterSeconds) : null;
  const headers: Record<string, string> = status === 503 ? { "retry-after": String(RETRY_AFTER_SECONDS) } : status === 429 && wait ? { "retry-after": String(wait) } : {};
  return Response.json(errorBody(code, message, details), { status, headers });
}

/** For callers outside the pipeline (kept for its existing users). */
export function toErrorResponse(error: unknown, requestId: string = crypto.randomUUID()): Response {
  return answer(describeError(error, requestId));
}
