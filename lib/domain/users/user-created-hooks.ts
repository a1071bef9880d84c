import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import type { UserView } from "./schemas.ts";

type Hook = (tx: Tx, context: ActorContext, user: UserView) => Promise<void>;
const hooks: Hook[] = [];

/**
 * Work that must happen in the same transaction as a user's creation (pending assignments waiting
 * for this email take effect). Registered by the areas that own that work.
 */
export function registerUserCreatedHook(hook: Hook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export async function onUserCreated(tx: Tx, context: ActorContext, user: UserView): Promise<void> {
  for (const hook of hooks) await hook(tx, context, user);
}
