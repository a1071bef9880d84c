import "server-only";
import type { z } from "zod";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { readJsonBody } from "./body.ts";
import { zodFields } from "./errors.ts";
import { route } from "./pipeline.ts";

type Params = Record<string, string>;
export type ApiContext = ActorContext & { params: Params; request: Request };

/**
 * The wrapper for every /api/v1 route handler: a bearer token is required (the profile is read
 * fresh each request); the rest — limits, error mapping, logs, metrics — is the pipeline's.
 */
export function api(handler: (context: ApiContext) => Promise<Response | unknown>) {
  return route({ door: "bearer" }, handler);
}

/** The JSON body, read under the 1 MB cap while it streams in, validated with the schema. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  return parse(schema, await readJsonBody(request));
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

// The shape of a role key (lib/domain/roles/schemas.ts): a key of any other shape names no role.
const KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** A key from the path (a role's key); anything else is a record that does not exist. */
export function pathKey(key: string | undefined, what: string): string {
  if (!key || !KEY.test(key)) throw new DomainError("not_found", `${what} not found.`);
  return key;
}
