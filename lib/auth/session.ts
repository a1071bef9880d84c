import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type Actor, loadActor } from "./actor.ts";
import { authOptions } from "./options.ts";
import { RETURN_PATH_HEADER, signInHref } from "./safe-redirect.ts";

/**
 * The signed-in actor for this request (read fresh, once per render), or null. The session's
 * version must still be the user's: sessions from before a password change, a deactivation or
 * "sign out everywhere" end here, on every instance. (Sessions issued before versions existed
 * carry none and count as version 0.)
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = (await getServerSession(authOptions)) as { userId?: string; sessionVersion?: number } | null;
  if (!session?.userId) return null;
  return loadActor(session.userId, { sessionVersion: session.sessionVersion ?? 0 });
});

/** For pages: the actor, or off to the sign-in page, which comes back to this page afterwards. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect(signInHref((await headers()).get(RETURN_PATH_HEADER)));
  return actor;
}
