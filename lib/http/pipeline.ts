import "server-only";
import { randomUUID } from "node:crypto";
import type { Actor, ChangeSource } from "@/lib/auth/actor.ts";
import { clientAddress } from "@/lib/auth/throttle.ts";
import { authenticateBearer } from "@/lib/auth/tokens.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { logger } from "@/lib/observability/log.ts";
import { observeRequest } from "@/lib/observability/metrics.ts";
import { answer, describeError } from "./errors.ts";

type Params = Record<string, string>;
export type RouteContext = { actor: Actor; source: ChangeSource; params: Params; request: Request };
export type RouteHandler = (request: Request, route: { params: Promise<Params> }) => Promise<Response>;

/**
 * Who may come in through a door: a bearer token (the API), the signed-in session (the pages'
 * downloads), or either (endpoints both call: a token when one is sent, else the session).
 */
export type Door = "bearer" | "session" | "either";

export type DoorOptions = {
  door: Door;
  /** What a refused download says: the pages' 403 words rather than an API's. */
  forbiddenMessage?: string;
  unauthenticatedMessage?: string;
};

/**
 * Where a rate limiter plugs in: called for every request before the actor is resolved (so a flood
 * of bad tokens is stopped before any lookup), and again with the outcome of authentication. It
 * throws `DomainError("rate_limited", …)` to refuse. Nothing is registered by default.
 */
export type RateLimitCheck = (event: { request: Request; door: Door; stage: "before" } | { request: Request; door: Door; stage: "authenticated"; actor: Actor | null }) => Promise<void>;
const limiter = globalThis as unknown as { rosterRateLimit?: RateLimitCheck };
export function setRateLimitCheck(check: RateLimitCheck | undefined): void {
  limiter.rosterRateLimit = check;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
/** The id the proxy gave this request (echoed in `x-request-id`), or a new one. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

const UUID_SEGMENT = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi;
/** The route's pattern for logs and metrics: ids become `{id}`, so a label has few values. */
export function routeOf(request: Request): string {
  return new URL(request.url).pathname.replace(UUID_SEGMENT, "/{id}");
}

function assertSameOrigin(request: Request): void {
  // A browser's session may only change things from Roster's own pages: a cross-site form or
  // script posting with the user's cookie is refused (the cookie is SameSite=Lax too; this does
  // not depend on it).
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (!host || originHost !== host) throw new DomainError("forbidden", "Cross-site requests are refused.");
}

async function resolveActor(request: Request, options: DoorOptions): Promise<{ actor: Actor | null; source: ChangeSource }> {
  const authorization = request.headers.get("authorization");
  if (options.door === "bearer" || (options.door === "either" && authorization)) {
    // Failed tokens are throttled per client address (lib/auth/throttle.ts): 429 rate_limited. The
    // server always knows the address (Next sets x-forwarded-for); a request without one (a route
    // handler called in-process) is not counted, rather than pooling every such caller together.
    const address = clientAddress(request.headers);
    return { actor: await authenticateBearer(authorization, address === "unknown" ? {} : { clientAddress: address }), source: "api" };
  }
  // Without a cookie there is no session to look up.
  // Loaded only for a session: next-auth and next/navigation need the app's React, which the
  // bench's and scripts' bearer-only callers do not load.
  const actor = request.headers.get("cookie") ? await (await import("@/lib/auth/session.ts")).currentActor() : null;
  if (actor) assertSameOrigin(request);
  return { actor, source: "ui" };
}

function unauthenticated(options: DoorOptions): DomainError {
  const message = options.unauthenticatedMessage
    ?? (options.door === "bearer" ? "A valid bearer token is required." : options.door === "either" ? "Sign in, or send a bearer token." : "Sign in first.");
  return new DomainError("unauthenticated", message);
}

function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    // Some responses (a fetched one) have immutable headers: copy it.
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}

/**
 * The one front door of every route handler: request id → rate limit → actor (fresh from the
 * database) → the handler (which validates its inputs with `readJson`/`readQuery`/`parse`/
 * `pathId`/`pathKey` and calls the domain) → errors mapped once → an access log line and a timing.
 */
export function route(options: DoorOptions, handler: (context: RouteContext) => Promise<Response | unknown>): RouteHandler {
  return async (request, routeParams) => {
    const started = performance.now();
    const requestId = requestIdOf(request.headers);
    let actorId: string | undefined;
    let response: Response;
    try {
      await limiter.rosterRateLimit?.({ request, door: options.door, stage: "before" });
      const { actor, source } = await resolveActor(request, options);
      await limiter.rosterRateLimit?.({ request, door: options.door, stage: "authenticated", actor });
      if (!actor) throw unauthenticated(options);
      actorId = actor.id;
      const result = await handler({ actor, source, params: await routeParams.params, request });
      response = result instanceof Response ? result : Response.json(result);
    } catch (error) {
      const described = describeError(error, requestId);
      response = options.forbiddenMessage && described.code === "forbidden"
        ? answer({ ...described, message: options.forbiddenMessage })
        : answer(described);
    }
    const seconds = (performance.now() - started) / 1000;
    const path = routeOf(request);
    logger().info(
      { requestId, method: request.method, route: path, status: response.status, durationMs: Math.round(seconds * 1000), actorId },
      "request",
    );
    observeRequest(path, request.method, response.status, seconds);
    return withHeader(response, "x-request-id", requestId);
  };
}
