import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeAccountWithTeam } from "@/lib/domain/opportunities/testing.ts";
import { openApiDocument } from "@/lib/http/openapi/document.ts";
import { makeTokenUser, makeUser, unique } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as opportunities from "./route.ts";
import * as opportunity from "./[id]/route.ts";
import * as csm from "./[id]/csm/route.ts";
import * as primarySa from "./[id]/primary-sa/route.ts";
import * as supporting from "./[id]/supporting-sas/route.ts";
import * as supportingOne from "./[id]/supporting-sas/[userId]/route.ts";
import * as merge from "./[id]/merge/route.ts";

/** Everything a refused request could have changed. */
const snapshot = async (id: string) => ({
  row: await db.opportunity.findUniqueOrThrow({ where: { id } }),
  supporting: await db.opportunitySupportingSa.findMany({ where: { opportunityId: id } }),
  audit: await db.auditEntry.count({ where: { entityType: "opportunity", entityId: id } }),
});

async function setup() {
  const keeper = await makeTokenUser("integration");
  const csmUser = await makeUser("csm");
  const saUser = await makeUser("sa");
  const account = await makeAccountWithTeam({ csmId: csmUser.id, saId: saUser.id });
  const created = await call(opportunities.POST, {
    token: keeper.token, method: "POST", body: { accountId: account.id, name: `Deal ${unique()}`, amount: 100, closeDate: "2030-06-30" },
  });
  expect(created.status).toBe(201);
  return { token: keeper.token, csmUser, saUser, account, opp: created.body };
}

describe("Opportunities API", () => {
  it("creates with the account's CSM and SA, reads, and lists in keyset pages", async () => {
    const { token, csmUser, saUser, account, opp } = await setup();
    expect(opp).toMatchObject({
      accountId: account.id, amount: 100, closeDate: "2030-06-30", stage: "prospecting", isClosed: false,
      csm: { id: csmUser.id, email: csmUser.email }, primarySa: { id: saUser.id }, supportingSas: [], csmOverridden: false,
    });
    expect((await call(opportunity.GET, { token, params: { id: opp.id } })).body).toEqual(opp);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { entityId: opp.id, field: "created" } });
    expect(entry.source).toBe("api");

    for (const name of ["Second", "Third"]) {
      await call(opportunities.POST, { token, method: "POST", body: { accountId: account.id, name } });
    }
    const first = await call(opportunities.GET, { token, path: `/opportunities?accountId=${account.id}&limit=2` });
    expect(first.body.items.map((item: { name: string }) => item.name)).toEqual(["Third", "Second"]);
    const second = await call(opportunities.GET, {
      token, path: `/opportunities?accountId=${account.id}&limit=2&cursor=${first.body.nextCursor}`,
    });
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([opp.id]);
    expect(second.body.nextCursor).toBeNull();
    const bySa = await call(opportunities.GET, { token, path: `/opportunities?primarySaId=${saUser.id}&open=true` });
    expect(bySa.body.items).toHaveLength(3);
    const bad = await call(opportunities.GET, { token, path: "/opportunities?cursor=nope&stage=won&limit=500" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(["limit", "stage"]);
  });

  it("answers bad input with 400/404/409/422 and changes nothing", async () => {
    const { token, opp } = await setup();
    const before = await snapshot(opp.id);
    const patch = (body: unknown, id = opp.id) => call(opportunity.PATCH, { token, method: "PATCH", params: { id }, body });
    const expectError = async (response: Promise<{ status: number; body: any }>, status: number, code: string) => {
      const { status: actual, body } = await response;
      expect([actual, body.error.code]).toEqual([status, code]);
      return body.error;
    };

    await expectError(call(opportunity.PATCH, { token, method: "PATCH", params: { id: opp.id }, rawBody: "{oops" }), 400, "invalid_request");
    const wrongTypes = await expectError(patch({ amount: "12", name: 5, version: "1" }), 400, "invalid_request");
    expect(Object.keys(wrongTypes.details.fields).sort()).toEqual(["amount", "name", "version"]);
    await expectError(patch({ name: "x".repeat(256) }), 400, "invalid_request");
    await expectError(patch({ stage: "won" }), 400, "invalid_request");
    await expectError(patch({ amount: 1.005 }), 400, "invalid_request");
    await expectError(patch({ amount: -1 }), 400, "invalid_request");
    await expectError(patch({ closeDate: "2025-02-30" }), 400, "invalid_request");
    await expectError(patch({ name: "Stale", version: 7 }), 409, "conflict");
    await expectError(patch({ name: "Nobody" }, crypto.randomUUID()), 404, "not_found");
    await expectError(call(opportunity.GET, { token, params: { id: "not-an-id" } }), 404, "not_found");
    await expectError(call(csm.PUT, { token, method: "PUT", params: { id: opp.id }, body: { userId: crypto.randomUUID() } }), 404, "not_found");
    await expectError(call(csm.PUT, { token, method: "PUT", params: { id: opp.id }, body: {} }), 400, "invalid_request");
    await expectError(call(supporting.POST, { token, method: "POST", params: { id: opp.id }, body: { userId: crypto.randomUUID() } }), 404, "not_found");
    await expectError(call(supportingOne.DELETE, { token, method: "DELETE", params: { id: opp.id, userId: "x" } }), 404, "not_found");
    await expectError(call(merge.POST, { token, method: "POST", params: { id: opp.id }, body: { intoId: opp.id } }), 422, "invalid_transition");
    await expectError(call(merge.POST, { token, method: "POST", params: { id: opp.id }, body: { intoId: crypto.randomUUID() } }), 404, "not_found");
    await expectError(
      call(opportunities.POST, { token, method: "POST", body: { accountId: crypto.randomUUID(), name: "Orphan" } }), 404, "not_found",
    );

    expect(await snapshot(opp.id)).toEqual(before);
  });

  it("refuses reopening a merged opportunity with 422, changing nothing", async () => {
    const { token, account, opp } = await setup();
    const survivor = await call(opportunities.POST, { token, method: "POST", body: { accountId: account.id, name: "Survivor" } });
    expect((await call(merge.POST, { token, method: "POST", params: { id: opp.id }, body: { intoId: survivor.body.id } })).status).toBe(200);
    const before = await snapshot(opp.id);
    const reopen = await call(opportunity.PATCH, { token, method: "PATCH", params: { id: opp.id }, body: { stage: "discovery" } });
    expect([reopen.status, reopen.body.error.code]).toEqual([422, "invalid_transition"]);
    expect(await snapshot(opp.id)).toEqual(before);
  });

  it("applies the lock and the profile rules", async () => {
    const { token, opp, saUser } = await setup();
    const sa = await makeTokenUser("sa");
    const mine = await call(primarySa.PUT, { token: sa.token, method: "PUT", params: { id: opp.id }, body: { userId: sa.user.id } });
    expect(mine.status).toBe(200);
    expect(mine.body.supportingSas.map((user: { id: string }) => user.id)).toEqual([saUser.id]);

    expect((await call(opportunity.PATCH, { token, method: "PATCH", params: { id: opp.id }, body: { stage: "closed_won" } })).status).toBe(200);
    const before = await snapshot(opp.id);
    const locked = await call(supportingOne.DELETE, { token: sa.token, method: "DELETE", params: { id: opp.id, userId: sa.user.id } });
    expect([locked.status, locked.body.error.code]).toEqual([403, "locked"]);
    for (const profile of ["csm", "leader", "csm_manager"] as const) {
      const other = await makeTokenUser(profile);
      const refused = await call(primarySa.PUT, { token: other.token, method: "PUT", params: { id: opp.id }, body: { userId: null } });
      expect([refused.status, refused.body.error.code]).toEqual([403, "forbidden"]);
      const patch = await call(opportunity.PATCH, { token: other.token, method: "PATCH", params: { id: opp.id }, body: { name: "No" } });
      expect(patch.status).toBe(403);
    }
    expect(await snapshot(opp.id)).toEqual(before);

    const finance = await makeTokenUser("finance");
    const override = await call(csm.PUT, { token: finance.token, method: "PUT", params: { id: opp.id }, body: { userId: null, reason: "Credit review" } });
    expect(override.body).toMatchObject({ csm: null, csmOverridden: true, isClosed: true });
    const cleared = await call(csm.DELETE, { token: finance.token, method: "DELETE", params: { id: opp.id } });
    expect(cleared.body.csmOverridden).toBe(false);
    expect(cleared.body.csm).not.toBeNull();
    const added = await call(supporting.POST, { token: finance.token, method: "POST", params: { id: opp.id }, body: { userId: (await makeUser("sa")).id } });
    expect(added.body.supportingSas).toHaveLength(2);
  });

  it("lists the opportunities a user supports, in keyset pages", async () => {
    const { token, account, opp } = await setup();
    const helper = await makeUser("sa");
    const second = await call(opportunities.POST, { token, method: "POST", body: { accountId: account.id, name: `Deal ${unique()}` } });
    await call(opportunities.POST, { token, method: "POST", body: { accountId: account.id, name: `Unsupported ${unique()}` } });
    for (const id of [opp.id, second.body.id]) {
      expect((await call(supporting.POST, { token, method: "POST", params: { id }, body: { userId: helper.id } })).status).toBe(200);
    }
    const first = await call(opportunities.GET, { token, path: `/opportunities?supportingSaId=${helper.id}&limit=1` });
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([second.body.id]);
    const rest = await call(opportunities.GET, { token, path: `/opportunities?supportingSaId=${helper.id}&limit=1&cursor=${first.body.nextCursor}` });
    expect(rest.body).toMatchObject({ items: [{ id: opp.id, supportingSas: [{ id: helper.id }] }], nextCursor: null });
    const bad = await call(opportunities.GET, { token, path: "/opportunities?supportingSaId=nope" });
    expect([bad.status, Object.keys(bad.body.error.details.fields)]).toEqual([400, ["supportingSaId"]]);
  });

  it("documents every endpoint in the OpenAPI document from the validating schemas", () => {
    const { paths } = openApiDocument() as { paths: Record<string, Record<string, any>> };
    const expected: [string, string][] = [
      ["/opportunities", "get"], ["/opportunities", "post"], ["/opportunities/{id}", "get"], ["/opportunities/{id}", "patch"],
      ["/opportunities/{id}/csm", "put"], ["/opportunities/{id}/csm", "delete"], ["/opportunities/{id}/primary-sa", "put"],
      ["/opportunities/{id}/supporting-sas", "post"], ["/opportunities/{id}/supporting-sas/{userId}", "delete"],
      ["/opportunities/{id}/merge", "post"], ["/activities", "post"], ["/activities", "get"],
    ];
    for (const [path, method] of expected) expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
    const stage = paths["/opportunities/{id}"].patch.requestBody.content["application/json"].schema.properties.stage;
    expect(stage.enum).toEqual(["prospecting", "discovery", "proposal", "negotiation", "closed_won", "closed_lost"]);
    const filters = paths["/opportunities"].get.parameters.map((parameter: { name: string }) => parameter.name);
    expect(filters).toEqual(expect.arrayContaining(["csmId", "primarySaId", "supportingSaId"]));
  });
});
