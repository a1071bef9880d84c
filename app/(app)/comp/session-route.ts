import "server-only";
import type { Actor } from "@/lib/auth/actor.ts";
import { currentActor } from "@/lib/auth/session.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { toErrorResponse } from "@/lib/http/errors.ts";

type Params = Record<string, string>;

/**
 * Route handlers for the comp pages' download links: the browser sends the session cookie, not a
 * bearer token, so these read the signed-in actor like the pages do. As for the pages, a profile
 * without the permission gets "not found"; everything else maps like the API.
 */
export function sessionRoute(handler: (context: { actor: Actor; request: Request; params: Params }) => Promise<Response>) {
  return async (request: Request, route: { params: Promise<Params> }): Promise<Response> => {
    try {
      const actor = await currentActor();
      if (!actor) throw new DomainError("unauthenticated", "Sign in to download this file.");
      return await handler({ actor, request, params: await route.params });
    } catch (error) {
      if (error instanceof DomainError && error.code === "forbidden") return toErrorResponse(new DomainError("not_found", "Not found."));
      return toErrorResponse(error);
    }
  };
}
