import "server-only";
import type { Actor } from "@/lib/auth/actor.ts";
import { route } from "./pipeline.ts";

type Params = Record<string, string>;

/**
 * Route handlers for the pages' download links: the browser sends the session cookie, not a bearer
 * token. As for the pages, a profile without the permission gets 403 "You don't have access to
 * this" (the download exists; "not found" would only confuse); what does not exist stays 404.
 */
export function sessionRoute(handler: (context: { actor: Actor; request: Request; params: Params }) => Promise<Response>) {
  return route(
    { door: "session", forbiddenMessage: "You don't have access to this.", unauthenticatedMessage: "Sign in to download this file." },
    ({ actor, request, params }) => handler({ actor, request, params }),
  );
}
