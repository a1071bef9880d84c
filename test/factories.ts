import { randomUUID } from "node:crypto";
import type { Profile } from "@/lib/db/generated/enums.ts";
import { db } from "@/lib/db/client.ts";
import type { Actor, ActorContext } from "@/lib/auth/actor.ts";
import { hashToken, newToken, tokenPrefix } from "@/lib/auth/tokens.ts";

/** A unique suffix, so tests sharing one database never collide. */
export const unique = () => randomUUID().slice(0, 8);

export async function makeUser(profile: Profile, overrides: { name?: string; email?: string; active?: boolean; capacity?: number } = {}) {
  const tag = unique();
  return db.user.create({
    data: {
      email: overrides.email ?? `${profile}-${tag}@test.roster`,
      name: overrides.name ?? `${profile} ${tag}`,
      profile,
      active: overrides.active ?? true,
      capacity: overrides.capacity ?? null,
    },
    select: { id: true, email: true, name: true, profile: true },
  });
}

export const asContext = (actor: Actor, source: ActorContext["source"] = "ui"): ActorContext => ({ actor, source });

/** A user with a bearer token, for tests that go through HTTP. */
export async function makeTokenUser(profile: Profile) {
  const user = await makeUser(profile);
  const token = newToken();
  await db.apiToken.create({ data: { userId: user.id, tokenHash: hashToken(token), prefix: tokenPrefix(token) } });
  return { user, token };
}
