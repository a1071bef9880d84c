import "server-only";
import type { z } from "zod";
import { randomUUID } from "node:crypto";
import { DomainError } from "@/lib/errors/domain-error.ts";
import type { ActorContext } from "./actor.ts";
import { currentActor } from "./session.ts";

export type ActionError = { code: string; message: string; fields?: Record<string, string> };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join(".") || "_"] ??= issue.message;
  return fields;
}

/**
 * The one wrapper for every server action: read the actor fresh, validate the input with the
 * use case's schema, call the domain, and turn rule errors into a result a form can show.
 */
export function action<S extends z.ZodType, T>(schema: S, run: (context: ActorContext, input: z.infer<S>) => Promise<T>) {
  return async (input: z.input<S>): Promise<ActionResult<T>> => {
    const actor = await currentActor();
    if (!actor) return { ok: false, error: { code: "unauthenticated", message: "Your session has ended. Sign in again." } };
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      return { ok: false, error: { code: "invalid_request", message: "Please correct the highlighted fields.", fields: fieldsOf(parsed.error) } };
    }
    try {
      return { ok: true, data: await run({ actor, source: "ui" }, parsed.data) };
    } catch (error) {
      if (error instanceof DomainError) {
        const fields = (error.details?.fields as Record<string, string> | undefined) ?? undefined;
        return { ok: false, error: { code: error.code, message: error.message, fields } };
      }
      const ref = randomUUID().slice(0, 8);
      console.error(`[roster] action failed ref=${ref}`, error);
      return { ok: false, error: { code: "internal", message: `Something went wrong (ref ${ref}).` } };
    }
  };
}
