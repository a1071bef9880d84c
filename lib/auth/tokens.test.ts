import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeTokenUser } from "@/test/factories.ts";
import { authenticateBearer, hashToken } from "./tokens.ts";

const lastUsed = async (token: string) =>
  (await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) }, select: { lastUsedAt: true } })).lastUsedAt;

describe("bearer tokens", () => {
  it("name their active user, and record their last use to the minute, not on every request", async () => {
    const { user, token } = await makeTokenUser("sales_ops");
    expect(await lastUsed(token)).toBeNull();
    expect(await authenticateBearer(`Bearer ${token}`)).toEqual({ id: user.id, email: user.email, name: user.name, profile: "sales_ops" });
    const first = await lastUsed(token);
    expect(first).not.toBeNull();

    // Within the minute: the same actor, the row left alone.
    for (let i = 0; i < 3; i++) expect(await authenticateBearer(`Bearer ${token}`)).toMatchObject({ id: user.id });
    expect(await lastUsed(token)).toEqual(first);

    // A minute later it is written again.
    await db.$executeRaw`UPDATE api_tokens SET last_used_at = now() - interval '61 seconds' WHERE token_hash = ${hashToken(token)}`;
    await authenticateBearer(`Bearer ${token}`);
    expect(Date.now() - (await lastUsed(token))!.getTime()).toBeLessThan(5_000);
  });

  it("name nobody once the user is deactivated or the token revoked", async () => {
    const { user, token } = await makeTokenUser("csm");
    await db.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await authenticateBearer(`Bearer ${token}`)).toBeNull();
    await db.user.update({ where: { id: user.id }, data: { active: true } });
    await db.apiToken.update({ where: { tokenHash: hashToken(token) }, data: { revokedAt: new Date() } });
    expect(await authenticateBearer(`Bearer ${token}`)).toBeNull();
  });
});
