import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeAccount } from "@/lib/domain/accounts/testing.ts";
import { makeTokenUser, unique } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as fieldsRoute from "./route.ts";
import * as fieldRoute from "./[key]/route.ts";
import * as accounts from "../accounts/route.ts";
import * as account from "../accounts/[id]/route.ts";
import * as accountFields from "../accounts/[id]/fields/route.ts";

// Field definitions are shared by every test in the database: each test makes its own keys.
const key = (name: string) => `${name}_${unique()}`;

async function defineField(token: string, body: Record<string, unknown>) {
  const response = await call(fieldsRoute.POST, { token, method: "POST", body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { key: string; label: string };
}

describe("Account fields API", () => {
  it("lets an admin define fields, and refuses bad definitions and other profiles", async () => {
    const { token } = await makeTokenUser("admin");
    const health = key("health");
    const created = await defineField(token, { key: health, label: `Health ${health}`, type: "number", score: true, showInTable: true });
    expect(created).toEqual({ key: health, label: `Health ${health}`, type: "number", owner: "roster", editableBy: [], score: true, showInTable: true, order: expect.any(Number) });
    const listed = await call(fieldsRoute.GET, { token });
    expect(listed.body.items).toContainEqual(created);

    const { token: ops } = await makeTokenUser("sales_ops");
    expect((await call(fieldsRoute.POST, { token: ops, method: "POST", body: { key: key("x"), label: "X", type: "text" } })).status).toBe(403);
    const again = await call(fieldsRoute.POST, { token, method: "POST", body: { key: health, label: `Other ${health}`, type: "text" } });
    expect(again.status).toBe(409);
    const noOptions = await call(fieldsRoute.POST, { token, method: "POST", body: { key: key("stage"), label: `S ${unique()}`, type: "picklist" } });
    expect(noOptions.status).toBe(400);
    expect(noOptions.body.error.details.fields.options).toBeTruthy();
    const textScore = await call(fieldsRoute.POST, { token, method: "POST", body: { key: key("t"), label: `T ${unique()}`, type: "text", score: true } });
    expect(textScore.body.error.details.fields.score).toBeTruthy();
    const sameLabel = await call(fieldsRoute.POST, { token, method: "POST", body: { key: key("h2"), label: `health ${health}`.toUpperCase(), type: "number" } });
    expect(sameLabel.status).toBe(409);
  });

  it("renames a label keeping the values, audited", async () => {
    const { token, user } = await makeTokenUser("admin");
    const nps = key("nps");
    await defineField(token, { key: nps, label: `NPS ${nps}`, type: "number", editableBy: ["csm"] });
    const target = await makeAccount();
    await call(accountFields.PATCH, { token, method: "PATCH", params: { id: target.id }, body: { fields: { [nps]: 40 } } });
    const renamed = await call(fieldRoute.PATCH, { token, method: "PATCH", params: { key: nps }, body: { label: `Net promoter ${nps}` } });
    expect(renamed.body.label).toBe(`Net promoter ${nps}`);
    expect((await call(account.GET, { token, params: { id: target.id } })).body.fields[nps]).toBe(40);
    const audit = await db.auditEntry.findFirst({ where: { entityType: "account_field", entityId: nps, field: "label" } });
    expect(audit).toMatchObject({ actorId: user.id, fromValue: `NPS ${nps}`, toValue: `Net promoter ${nps}` });

    // Reordering is a PATCH of `order`; the list follows it.
    const moved = await call(fieldRoute.PATCH, { token, method: "PATCH", params: { key: nps }, body: { order: 1 } });
    expect(moved.body.order).toBe(1);
    const listed = (await call(fieldsRoute.GET, { token })).body.items as { key: string; order: number }[];
    expect(listed.map((field) => field.order)).toEqual([...listed.map((field) => field.order)].sort((a, b) => a - b));
    expect(listed.find((field) => field.key === nps)?.order).toBe(1);
    const { token: csm } = await makeTokenUser("csm");
    expect((await call(fieldRoute.PATCH, { token: csm, method: "PATCH", params: { key: nps }, body: { label: "Nope" } })).status).toBe(403);
    expect((await call(fieldRoute.PATCH, { token, method: "PATCH", params: { key: `missing_${unique()}` }, body: { label: "X" } })).status).toBe(404);
  });

  it("validates values by type on POST/PATCH /accounts, naming fields.<key>", async () => {
    const { token: admin } = await makeTokenUser("admin");
    const score = key("score");
    const stage = key("stage");
    const renewal = key("renewal");
    const arr = key("mrr");
    await defineField(admin, { key: score, label: `Score ${score}`, type: "number", editableBy: ["integration"] });
    await defineField(admin, { key: stage, label: `Stage ${stage}`, type: "picklist", options: ["onboarding", "at risk"], owner: "crm" });
    await defineField(admin, { key: renewal, label: `Renewal ${renewal}`, type: "date", owner: "crm" });
    await defineField(admin, { key: arr, label: `Money ${arr}`, type: "currency", owner: "crm" });
    const { token } = await makeTokenUser("integration");

    const bad = await call(accounts.POST, { token, method: "POST", body: {
      name: `Bad ${unique()}`, fields: { [score]: "high", [stage]: "churned", [renewal]: "2026-02-30", [arr]: 1.234, nope: 1 },
    } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_request");
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual([`fields.${arr}`, `fields.${renewal}`, `fields.${score}`, `fields.${stage}`, "fields.nope"].sort());

    const good = await call(accounts.POST, { token, method: "POST", body: {
      name: `Good ${unique()}`, fields: { [score]: 72.5, [stage]: "At Risk", [renewal]: "2027-01-31", [arr]: "1200.50" },
    } });
    expect(good.status).toBe(201);
    expect(good.body.fields).toEqual({ [score]: 72.5, [stage]: "at risk", [renewal]: "2027-01-31", [arr]: 1200.5 });

    const patched = await call(account.PATCH, { token, method: "PATCH", params: { id: good.body.id }, body: { fields: { [score]: null, [stage]: "onboarding" }, version: 1 } });
    expect(patched.status).toBe(200);
    expect(patched.body.fields).toEqual({ [stage]: "onboarding", [renewal]: "2027-01-31", [arr]: 1200.5 });
    expect(patched.body.version).toBe(2);
    const history = await db.auditEntry.findMany({ where: { entityId: good.body.id, field: { startsWith: "fields." } }, orderBy: { id: "asc" } });
    expect(history.map((entry) => [entry.field, entry.fromValue, entry.toValue])).toEqual(expect.arrayContaining([
      [`fields.${score}`, null, "72.5"], [`fields.${score}`, "72.5", null], [`fields.${stage}`, "at risk", "onboarding"],
    ]));
  });

  it("keeps crm-owned fields read-only except for privileged profiles, and roster fields to their editors", async () => {
    const { token: admin } = await makeTokenUser("admin");
    const tier = key("tier");
    const health = key("health");
    await defineField(admin, { key: tier, label: `Tier ${tier}`, type: "text", owner: "crm" });
    await defineField(admin, { key: health, label: `Health ${health}`, type: "number", editableBy: ["csm"] });
    const target = await makeAccount();
    const { token: csm } = await makeTokenUser("csm");
    const { token: sa } = await makeTokenUser("sa");
    const { token: integration } = await makeTokenUser("integration");

    const refused = await call(accountFields.PATCH, { token: csm, method: "PATCH", params: { id: target.id }, body: { fields: { [tier]: "Gold" } } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.fields[`fields.${tier}`]).toMatch(/CRM/);
    expect((await call(accountFields.PATCH, { token: sa, method: "PATCH", params: { id: target.id }, body: { fields: { [health]: 50 } } })).status).toBe(403);
    expect(await db.accountFieldValue.count({ where: { accountId: target.id } })).toBe(0);

    const edited = await call(accountFields.PATCH, { token: csm, method: "PATCH", params: { id: target.id }, body: { fields: { [health]: 50 }, version: 1 } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, fields: { [health]: 50 } });
    const stale = await call(accountFields.PATCH, { token: csm, method: "PATCH", params: { id: target.id }, body: { fields: { [health]: 60 }, version: 1 } });
    expect(stale.status).toBe(409);

    const synced = await call(accountFields.PATCH, { token: integration, method: "PATCH", params: { id: target.id }, body: { fields: { [tier]: "Gold" } } });
    expect(synced.status).toBe(200);
    expect(synced.body.fields).toEqual({ [tier]: "Gold", [health]: 50 });
  });

  it("deletes a field in use only when confirmed, audited", async () => {
    const { token, user } = await makeTokenUser("admin");
    const flag = key("flag");
    await defineField(token, { key: flag, label: `Flag ${flag}`, type: "boolean" });
    const target = await makeAccount();
    await call(accountFields.PATCH, { token, method: "PATCH", params: { id: target.id }, body: { fields: { [flag]: "yes" } } });
    expect((await call(account.GET, { token, params: { id: target.id } })).body.fields[flag]).toBe(true);

    const unconfirmed = await call(fieldRoute.DELETE, { token, method: "DELETE", params: { key: flag }, path: `/account-fields/${flag}` });
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.error.details.inUse).toBe(1);
    const falseConfirm = await call(fieldRoute.DELETE, { token, method: "DELETE", params: { key: flag }, path: `/account-fields/${flag}?confirm=false` });
    expect(falseConfirm.status).toBe(409);
    const deleted = await call(fieldRoute.DELETE, { token, method: "DELETE", params: { key: flag }, path: `/account-fields/${flag}?confirm=true` });
    expect(deleted.body).toEqual({ key: flag, deletedValues: 1 });
    expect(await db.accountFieldValue.count({ where: { fieldKey: flag } })).toBe(0);
    expect((await call(account.GET, { token, params: { id: target.id } })).body.fields).toEqual({});
    expect(await db.auditEntry.findFirst({ where: { entityType: "account_field", entityId: flag, field: "deleted" } })).toMatchObject({ actorId: user.id });
  });
});
