import "server-only";
import type { Profile } from "@/lib/db/generated/enums.ts";
import { db } from "@/lib/db/client.ts";

/** The signed-in person, read fresh from the database on every request. */
export type Actor = { id: string; email: string; name: string; profile: Profile };

/** Where a change came from, as the audit trail records it. */
export type ChangeSource = "ui" | "api" | "import";

export type ActorContext = { actor: Actor; source: ChangeSource };

/**
 * The active user behind a session or token; null once deactivated, so that takes effect at once.
 * With `sessionVersion` (a session's), also null once the user's sessions were ended since: a
 * password change, a deactivation or "sign out everywhere" bumps the stored version.
 */
export async function loadActor(userId: string, options: { sessionVersion?: number } = {}): Promise<Actor | null> {
  const user = await db.user.findFirst({
    where: { id: userId, active: true, ...(options.sessionVersion === undefined ? {} : { sessionVersion: options.sessionVersion }) },
    select: { id: true, email: true, name: true, profile: true },
  });
  return user;
}
