import "server-only";
import { forbidden } from "next/navigation";
import type { Actor } from "./actor.ts";
import { can, type Permission } from "./permissions.ts";
import { requireActor } from "./session.ts";

/**
 * For pages: a profile without the permission gets the 403 page ("You don't have access to
 * this", app/(app)/forbidden.tsx) — the page exists, so saying "not found" would only confuse.
 */
export async function requirePermission(permission: Permission): Promise<Actor> {
  const actor = await requireActor();
  if (!can(actor.profile, permission)) forbidden();
  return actor;
}
