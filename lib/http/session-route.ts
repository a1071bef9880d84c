import "server-only";
import type { Actor } from "@/lib/auth/actor.ts";
import { route } from "./pipeline.ts";

type Params = Record<string, string>;

/**
 * Route handlers for the pages' download links: the browser sends the session cookie, not a bearer
 * token. As for the pages, a profile without the permission gets "not found".
 */
export function sessionRoute(handler: (context: { actor: Actor; request: Request; params: Params }) => Promise<Response>) {
  return route(
    { door: "session", forbiddenAsNotFound: true, unauthenticatedMessage: "Sign in to download this file." },
    ({ actor, request, params }) => handler({ actor, request, params }),
  );
}
