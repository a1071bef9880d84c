import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { DomainError, type DomainErrorCode } from "@/lib/errors/domain-error.ts";

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

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: details ? { code, message, details } : { code, message } };
}

/** Zod issues as `details.fields`: field path → first message. */
export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

export function toErrorResponse(error: unknown): Response {
  if (error instanceof DomainError) {
    return Response.json(errorBody(error.code, error.message, error.details), { status: STATUS[error.code] });
  }
  if (error instanceof z.ZodError) {
    return Response.json(errorBody("invalid_request", "The request is not valid.", { fields: zodFields(error) }), { status: 400 });
  }
  // Internal text never reaches the caller: it is logged with a reference they can quote.
  const ref = randomUUID().slice(0, 8);
  console.error(`[roster] unexpected error ref=${ref}`, error);
  return Response.json(errorBody("internal", `Something went wrong (ref ${ref}).`), { status: 500 });
}
