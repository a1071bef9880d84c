import "server-only";
import type { Actor } from "@/lib/auth/actor.ts";
import { currentActor } from "@/lib/auth/session.ts";
import { authenticateBearer } from "@/lib/auth/tokens.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import type { ApiContext } from "./api.ts";
import { toErrorResponse } from "./errors.ts";

type Params = Record<string, string>;

/**
 * A browser's session may only change things from Roster's own pages: a cross-site form or
 * script posting with the user's cookie is refused. (The session cookie is SameSite=Lax too;
 * this does not depend on it.)
 */
function assertSameOrigin(request: Request): void {
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

/**
 * Like `api()`, for the endpoints the web pages call too (uploads, CSV downloads): a bearer
 * token when one is sent, otherwise the signed-in session. Either way the actor is read fresh and
 * errors have the contract's shape. A session acts with source "ui", a token with "api".
 */
export function apiOrSession(handler: (context: ApiContext) => Promise<Response | unknown>) {
  return async (request: Request, route: { params: Promise<Params> }): Promise<Response> => {
    try {
      let actor: Actor | null;
      let source: ApiContext["source"];
      if (request.headers.get("authorization")) {
        actor = await authenticateBearer(request.headers.get("authorization"));
        source = "api";
        if (!actor) throw new DomainError("unauthenticated", "A valid bearer token is required.");
      } else {
        // Without a cookie there is no session to look up.
        actor = request.headers.get("cookie") ? await currentActor() : null;
        source = "ui";
        if (!actor) throw new DomainError("unauthenticated", "Sign in, or send a bearer token.");
        assertSameOrigin(request);
      }
      const result = await handler({ actor, source, params: await route.params, request });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
