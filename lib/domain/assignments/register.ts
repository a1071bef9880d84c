import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { registerUserCreatedHook } from "@/lib/domain/users/user-created-hooks.ts";
import type { UserView } from "@/lib/domain/users/schemas.ts";
import { resolvePendingAssignments } from "./resolve-pending.ts";

async function resolvePendingOnUserCreated(tx: Tx, context: ActorContext, user: UserView): Promise<void> {
  await resolvePendingAssignments(tx, context, user);
}

// Imported for its effect by create-user.ts: a new user picks up the assignments waiting for them.
registerUserCreatedHook(resolvePendingOnUserCreated);
