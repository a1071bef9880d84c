import "server-only";
import { notFound } from "next/navigation";
import type { Actor } from "./actor.ts";
import { can, type Permission } from "./permissions.ts";
import { requireActor } from "./session.ts";

/** For pages: a profile without the permission gets the not-found page, as for the API. */
export async function requirePermission(permission: Permission): Promise<Actor> {
  const actor = await requireActor();
  if (!can(actor.profile, permission)) notFound();
  return actor;
}
