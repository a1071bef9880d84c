import "server-only";

/** The codes of the API contract; each maps to one HTTP status in lib/http/errors.ts. */
export type DomainErrorCode =
  | "invalid_request"
  | "unauthenticated"
  | "forbidden"
  | "locked"
  | "not_found"
  | "conflict"
  | "ineligible_assignee"
  | "invalid_transition"
  | "rate_limited"
  | "unavailable";

/** An error the caller can act on: its message is shown to people as it is. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError("not_found", `${what} not found.`);

export function invalidFields(fields: Record<string, string>, message = "Some fields are not valid.") {
  return new DomainError("invalid_request", message, { fields });
}

/** PostgreSQL unique violation (23505) on a constraint or index whose name contains `hint`. */
export function isUniqueViolation(error: unknown, hint?: string): boolean {
  const e = error as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string; constraint?: unknown } } } };
  const text = `${e?.message ?? ""} ${JSON.stringify(e?.meta ?? {})}`;
  const unique = e?.code === "P2002" || e?.code === "23505" || text.includes("23505") || /unique constraint/i.test(text);
  return unique && (!hint || text.includes(hint));
}
