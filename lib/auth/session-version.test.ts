import { hash } from "@node-rs/argon2";
import type { JWT } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { endSessions } from "@/lib/domain/users/end-sessions.ts";
import { updateUser } from "@/lib/domain/users/update-user.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { loadActor } from "./actor.ts";
import { authOptions } from "./options.ts";

type Authorize = (credentials: Record<string, string>, request: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

/** Signs in with a password and returns what the session cookie would carry, as the app reads it. */
async function signIn(email: string, password: string) {
  const user = await authorize({ email, password }, { headers: { "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.1` } });
  if (!user) throw new Error("sign-in failed");
  const callbacks = authOptions.callbacks!;
  const token = (await callbacks.jwt!({ token: { sub: user.id } as JWT, user: user as never, account: { provider: "credentials", type: "credentials", providerAccountId: user.id } })) as JWT;
  // Later requests: the jwt callback runs again without a user, the session callback reads it.
  const again = (await callbacks.jwt!({ token, user: undefined as never, account: null })) as JWT;
  const session = (await callbacks.session!({ session: { expires: "" } as never, token: again, user: undefined as never, newSession: undefined, trigger: "update" })) as unknown as { userId: string; sessionVersion: number };
  return session;
}

const stillSignedIn = (session: { userId: string; sessionVersion: number }) => loadActor(session.userId, { sessionVersion: session.sessionVersion });

async function userWithPassword() {
  const user = await makeUser("csm");
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hash("first-password") } });
  return user;
}

describe("sessions end with a password change, a deactivation and 'sign out everywhere'", () => {
  it("a password change ends older sessions; a new sign-in works", async () => {
    const user = await userWithPassword();
    const admin = asContext(await makeUser("admin"));
    const session = await signIn(user.email, "first-password");
    expect(await stillSignedIn(session)).toMatchObject({ id: user.id });
    await updateUser(admin, user.id, { name: "Renamed" });
    expect(await stillSignedIn(session)).toMatchObject({ id: user.id }); // other edits keep sessions
    await updateUser(admin, user.id, { password: "second-password" });
    expect(await stillSignedIn(session)).toBeNull();
    expect(await stillSignedIn(await signIn(user.email, "second-password"))).toMatchObject({ id: user.id });
  });

  it("'sign out everywhere' ends every session of the person, audited; only they or an admin may", async () => {
    const user = await userWithPassword();
    const phone = await signIn(user.email, "first-password");
    const laptop = await signIn(user.email, "first-password");
    const actor = (await loadActor(user.id))!;
    await expect(endSessions(asContext(await makeUser("csm_manager")), user.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await stillSignedIn(phone)).not.toBeNull();
    await endSessions(asContext(actor), user.id);
    expect(await stillSignedIn(phone)).toBeNull();
    expect(await stillSignedIn(laptop)).toBeNull();
    expect(await db.auditEntry.count({ where: { entityType: "user", entityId: user.id, field: "sessions_ended" } })).toBe(1);
    const fresh = await signIn(user.email, "first-password");
    await endSessions(asContext(await makeUser("admin")), user.id);
    expect(await stillSignedIn(fresh)).toBeNull();
  });

  it("a deactivated and reactivated user does not get old sessions back", async () => {
    const user = await userWithPassword();
    const admin = asContext(await makeUser("admin"));
    const session = await signIn(user.email, "first-password");
    await updateUser(admin, user.id, { active: false });
    await updateUser(admin, user.id, { active: true });
    expect(await stillSignedIn(session)).toBeNull();
  });
});
