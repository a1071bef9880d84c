import "server-only";
import type { z } from "zod";
import type { Actor, ActorContext } from "@/lib/auth/actor.ts";
import { authenticateBearer } from "@/lib/auth/tokens.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { toErrorResponse, zodFields } from "./errors.ts";

type Params = Record<string, string>;
export type ApiContext = ActorContext & { params: Params; request: Request };

const MAX_BODY_BYTES = 1_000_000;

/**
 * The one wrapper for every /api/v1 route handler: authenticate the bearer token (the profile is
 * read fresh each request), run the use case, map DomainError to the contract's status and shape.
 */
export function api(handler: (context: ApiContext) => Promise<Response | unknown>) {
  return async (request: Request, route: { params: Promise<Params> }): Promise<Response> => {
    try {
      const actor: Actor | null = await authenticateBearer(request.headers.get("authorization"));
      if (!actor) throw new DomainError("unauthenticated", "A valid bearer token is required.");
      const result = await handler({ actor, source: "api", params: await route.params, request });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new DomainError("invalid_request", "The request body is too large.");
  let body: unknown;
  try {
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new DomainError("invalid_request", "The request body is not valid JSON.");
  }
  return parse(schema, body);
}

export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = new URL(request.url).searchParams;
  const query: Record<string, string> = {};
  for (const [key, value] of params) if (value !== "") query[key] = value;
  return parse(schema, query);
}

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new DomainError("invalid_request", "The request is not valid.", { fields: zodFields(result.error) });
  }
  return result.data;
}

export const created = (body: unknown) => Response.json(body, { status: 201 });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id from the path; anything that is not an id is simply a record that does not exist. */
export function pathId(id: string | undefined, what: string): string {
  if (!id || !UUID.test(id)) throw new DomainError("not_found", `${what} not found.`);
  return id.toLowerCase();
}
