import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { insertOpportunity, makeAccountWithTeam } from "@/lib/domain/opportunities/testing.ts";
import { makeTokenUser } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as activities from "./route.ts";

// Reps may date their work at most a year back, so the fixtures are dated relative to today.
const recentDay = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);

describe("Activities API", () => {
  it("lets an sa log their own activity and anyone signed in list it with its attribution", async () => {
    const sa = await makeTokenUser("sa");
    const account = await makeAccountWithTeam({ saId: sa.user.id });
    const opp = await insertOpportunity({ accountId: account.id, createdAt: new Date("2024-01-01T00:00:00Z") });
    const logged = await call(activities.POST, {
      token: sa.token, method: "POST",
      body: { userId: sa.user.id, accountId: account.id, occurredAt: `${recentDay}T10:00:00+02:00`, type: "demo", subject: "Pilot" },
    });
    expect(logged.status).toBe(201);
    expect(logged.body).toEqual({
      id: expect.any(String), userId: sa.user.id, accountId: account.id, opportunityId: null,
      occurredAt: `${recentDay}T08:00:00.000Z`, type: "demo", subject: "Pilot", attributedOpportunityId: opp.id,
    });
    const leader = await makeTokenUser("leader");
    const listed = await call(activities.GET, { token: leader.token, path: `/activities?opportunityId=${opp.id}` });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: logged.body.id, user: expect.objectContaining({ id: sa.user.id }), attributedVia: "lifetime" }),
    ]);
  });

  it("answers bad input with 400/403/404 and writes nothing", async () => {
    const sa = await makeTokenUser("sa");
    const other = await makeTokenUser("sa");
    const account = await makeAccountWithTeam();
    const valid = { userId: sa.user.id, accountId: account.id, occurredAt: `${recentDay}T10:00:00Z`, type: "demo" };
    const post = (body: unknown, token = sa.token) => call(activities.POST, { token, method: "POST", body });
    const cases: [unknown, number][] = [
      [{ ...valid, occurredAt: "yesterday" }, 400],
      [{ ...valid, type: "x".repeat(65) }, 400],
      [{ ...valid, subject: "x".repeat(501) }, 400],
      [{ ...valid, accountId: 42 }, 400],
      [{ ...valid, accountId: crypto.randomUUID() }, 404],
      [{ ...valid, userId: other.user.id }, 403],
    ];
    for (const [body, status] of cases) expect((await post(body)).status, JSON.stringify(body)).toBe(status);
    expect((await call(activities.POST, { token: sa.token, method: "POST", rawBody: "[" })).status).toBe(400);
    expect((await call(activities.GET, { token: sa.token, path: "/activities" })).status).toBe(400);
    expect(await db.activity.count({ where: { accountId: account.id } })).toBe(0);
  });
});
