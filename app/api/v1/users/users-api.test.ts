import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeTokenUser, unique } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as users from "./route.ts";
import * as user from "./[id]/route.ts";
import * as tokens from "./[id]/tokens/route.ts";

describe("Users API", () => {
  it("refuses a missing or bad token with 401 unauthenticated", async () => {
    const none = await call(users.GET);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe("unauthenticated");
    const bad = await call(users.GET, { token: "rst_nope" });
    expect(bad.status).toBe(401);
  });

  it("lets the bootstrap token create a user and a token that then authenticates as that user", async () => {
    process.env.ROSTER_ADMIN_TOKEN = `bootstrap-${unique()}-${crypto.randomUUID()}`;
    const email = `new-${unique()}@test.roster`;
    const createdUser = await call(users.POST, {
      token: process.env.ROSTER_ADMIN_TOKEN, method: "POST", body: { email, name: "New Person", profile: "csm", capacity: 25 },
    });
    expect(createdUser.status).toBe(201);
    expect(createdUser.body).toMatchObject({ email, name: "New Person", profile: "csm", active: true, capacity: 25, managerId: null });

    const issued = await call(tokens.POST, { token: process.env.ROSTER_ADMIN_TOKEN, method: "POST", params: { id: createdUser.body.id } });
    expect(issued.status).toBe(201);
    const me = await call(users.GET, { token: issued.body.token });
    expect(me.status).toBe(200);
    const denied = await call(users.POST, { token: issued.body.token, method: "POST", body: { email: `x-${unique()}@t.io`, name: "X", profile: "sa" } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("forbidden");
    const stored = await db.apiToken.findFirst({ where: { userId: createdUser.body.id } });
    expect(stored?.tokenHash).not.toContain(issued.body.token);
  });

  it("treats emails as unique whatever their case", async () => {
    const { token } = await makeTokenUser("admin");
    const email = `Case-${unique()}@Test.Roster`;
    expect((await call(users.POST, { token, method: "POST", body: { email, name: "A", profile: "sa" } })).status).toBe(201);
    const again = await call(users.POST, { token, method: "POST", body: { email: email.toLowerCase(), name: "B", profile: "sa" } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
  });

  it("answers bad input with 400 and field messages, writing nothing", async () => {
    const { token } = await makeTokenUser("admin");
    const malformed = await call(users.POST, { token, method: "POST", rawBody: "{not json" });
    expect(malformed.status).toBe(400);
    const invalid = await call(users.POST, { token, method: "POST", body: { email: "nope", name: "", profile: "king" } });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.error.details.fields).sort()).toEqual(["email", "name", "profile"]);
  });

  it("applies a deactivation on the user's very next request", async () => {
    const { token: adminToken } = await makeTokenUser("admin");
    const { user: ops, token } = await makeTokenUser("sales_ops");
    expect((await call(users.GET, { token })).status).toBe(200);
    const patched = await call(user.PATCH, { token: adminToken, method: "PATCH", params: { id: ops.id }, body: { active: false } });
    expect(patched.status).toBe(200);
    expect((await call(users.GET, { token })).status).toBe(401);
  });

  it("says not found for ids that are not ids", async () => {
    const { token } = await makeTokenUser("admin");
    expect((await call(user.GET, { token, params: { id: "../etc" } })).status).toBe(404);
  });
});
