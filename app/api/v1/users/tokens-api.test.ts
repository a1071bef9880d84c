import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeTokenUser } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as users from "./route.ts";
import * as tokens from "./[id]/tokens/route.ts";
import * as token from "./[id]/tokens/[tokenId]/route.ts";

const DAY = 86_400_000;

describe("Tokens API", () => {
  it("issues with an expiry, lists with last use, and revokes at once", async () => {
    const { token: adminToken } = await makeTokenUser("admin");
    const { user: ops, token: opsOld } = await makeTokenUser("sales_ops");
    const issued = await call(tokens.POST, { token: adminToken, method: "POST", params: { id: ops.id }, body: { expiresInDays: 30 } });
    expect(issued.status).toBe(201);
    const expiresIn = new Date(issued.body.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(29.9 * DAY);
    expect(expiresIn).toBeLessThan(30.1 * DAY);
    // The listed prefix is the token's public tag: none of the secret's characters.
    expect(issued.body.token.startsWith(`${issued.body.prefix}_`)).toBe(true);
    const secret = issued.body.token.slice(issued.body.prefix.length + 1);
    expect(secret.length).toBeGreaterThanOrEqual(43);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: issued.body.id } });
    expect(JSON.stringify(stored)).not.toContain(secret.slice(0, 6));

    expect((await call(users.GET, { token: issued.body.token })).status).toBe(200);
    const mine = await call(tokens.GET, { token: issued.body.token, params: { id: ops.id } });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((item: { id: string }) => item.id)).toHaveLength(2);
    const listed = mine.body.items.find((item: { id: string }) => item.id === issued.body.id);
    expect(listed).toEqual({
      id: issued.body.id, prefix: issued.body.prefix, name: null, createdAt: issued.body.createdAt,
      lastUsedAt: expect.any(String), expiresAt: issued.body.expiresAt, revokedAt: null,
    });
    expect(Date.now() - new Date(listed.lastUsedAt).getTime()).toBeLessThan(60_000);

    // The person revokes their own old token; it stops authenticating on the next request.
    const oldId = mine.body.items.find((item: { id: string }) => item.id !== issued.body.id).id;
    const revoked = await call(token.DELETE, { token: issued.body.token, method: "DELETE", params: { id: ops.id, tokenId: oldId } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await call(users.GET, { token: opsOld })).status).toBe(401);
    const again = await call(token.DELETE, { token: adminToken, method: "DELETE", params: { id: ops.id, tokenId: oldId } });
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    const audit = await db.auditEntry.findMany({ where: { entityType: "user", entityId: ops.id, field: "api_token_revoked" } });
    expect(audit).toHaveLength(1);
  });

  it("does not authenticate an expired token", async () => {
    const { user, token: bearer } = await makeTokenUser("csm");
    expect((await call(users.GET, { token: bearer })).status).toBe(200);
    await db.apiToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const response = await call(users.GET, { token: bearer });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("unauthenticated");
  });

  it("lets only an admin or the user themself list and revoke, and hides other users' tokens", async () => {
    const { user: csm, token: csmToken } = await makeTokenUser("csm");
    const { user: other, token: otherToken } = await makeTokenUser("sales_ops");
    const { token: adminToken } = await makeTokenUser("admin");
    const [otherTokenRow] = (await call(tokens.GET, { token: adminToken, params: { id: other.id } })).body.items;
    expect((await call(tokens.GET, { token: csmToken, params: { id: other.id } })).status).toBe(403);
    expect((await call(token.DELETE, { token: csmToken, method: "DELETE", params: { id: other.id, tokenId: otherTokenRow.id } })).status).toBe(403);
    // Naming another user's token under one's own id finds nothing.
    expect((await call(token.DELETE, { token: csmToken, method: "DELETE", params: { id: csm.id, tokenId: otherTokenRow.id } })).status).toBe(404);
    expect((await call(users.GET, { token: otherToken })).status).toBe(200);
    // Issuing stays an admin's.
    expect((await call(tokens.POST, { token: csmToken, method: "POST", params: { id: csm.id } })).status).toBe(403);
    expect((await call(tokens.POST, { token: adminToken, method: "POST", params: { id: csm.id }, body: { expiresInDays: 0 } })).status).toBe(400);
    expect((await call(tokens.GET, { token: adminToken, params: { id: crypto.randomUUID() } })).status).toBe(404);
  });
});
