import "server-only";
import type { z } from "zod";
import { headers } from "next/headers";
import { requestIdOf } from "@/lib/http/pipeline.ts";
import { describeError } from "@/lib/http/errors.ts";
import { logger } from "@/lib/observability/log.ts";
import type { ActorContext } from "./actor.ts";
import { currentActor } from "./session.ts";

export type ActionError = { code: string; message: string; fields?: Record<string, string> };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

async function actionRequestId(): Promise<string> {
  try {
    return requestIdOf(await headers());
  } catch {
    // Called outside a request (a script, a test): a fresh id.
    return requestIdOf(new Headers());
  }
}

/**
 * The wrapper for every server action, the pipeline's face for forms: read the actor fresh,
 * validate the input with the use case's schema, call the domain, and turn errors into a result a
 * form can show — with the same mapping, logging and "database unavailable" answer as the API.
 */
export function action<S extends z.ZodType, T>(schema: S, run: (context: ActorContext, input: z.infer<S>) => Promise<T>) {
  return async (input: z.input<S>): Promise<ActionResult<T>> => {
    const started = performance.now();
    const requestId = await actionRequestId();
    let actorId: string | undefined;
    let result: ActionResult<T>;
    try {
      const actor = await currentActor();
      if (!actor) {
        result = { ok: false, error: { code: "unauthenticated", message: "Your session has ended. Sign in again." } };
      } else {
        actorId = actor.id;
        result = { ok: true, data: await run({ actor, source: "ui" }, schema.parse(input)) };
      }
    } catch (error) {
      const { code, message, details } = describeError(error, requestId, "Please correct the highlighted fields.");
      const fields = (details?.fields as Record<string, string> | undefined) ?? undefined;
      result = { ok: false, error: fields ? { code, message, fields } : { code, message } };
    }
    logger().info(
      { requestId, route: "server action", status: result.ok ? "ok" : result.error.code, durationMs: Math.round(performance.now() - started), actorId },
      "action",
    );
    return result;
  };
}
