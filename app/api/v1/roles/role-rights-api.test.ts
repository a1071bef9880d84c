import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { setHolder } from "@/lib/domain/opportunities/testing.ts";
import { makeTokenUser, unique } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as accountRoute from "../accounts/[id]/route.ts";
import * as teamRoute from "../accounts/[id]/team/[roleKey]/route.ts";
import * as activitiesRoute from "../activities/route.ts";
import * as compRoute from "../comp/opportunities/route.ts";
import * as csqlsRoute from "../csqls/route.ts";
import * as rightsRoute from "./[key]/rights/route.ts";

// Rights by account role (Admin → Account roles): each right on and off, for a holder and for a
// non-holder, through the same route handlers the browser's actions reach through the domain.
const DEFAULT_CSM = { editAccount: true, assignRoles: ["renewal_manager"], logActivities: false, raiseCsqls: true, seeComp: false, onChildren: false };
const NONE = { editAccount: false, assignRoles: [] as string[], logActivities: false, raiseCsqls: false, seeComp: false, onChildren: false };

const admin = await makeTokenUser("admin");
const setRights = async (key: string, rights: typeof NONE) => {
  const response = await call(rightsRoute.PUT, { token: admin.token, method: "PUT", params: { key }, body: rights });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};

afterAll(async () => {
  await setRights("csm", DEFAULT_CSM);
  await setRights("account_executive", NONE);
});

async function world() {
  const holder = await makeTokenUser("csm");
  const outsider = await makeTokenUser("csm");
  const renewal = await makeTokenUser("csm");
  const sa = await makeTokenUser("sa");
  const parent = await db.account.create({ data: { name: `Rights parent ${unique()}` }, select: { id: true } });
  const child = await db.account.create({ data: { name: `Rights child ${unique()}`, parentId: parent.id }, select: { id: true } });
  await setHolder(parent.id, "csm", holder.user.id);
  return { holder, outsider, renewal, sa, parent, child };
}

const rename = (token: string, id: string, body: Record<string, unknown> = { name: `Renamed ${unique()}` }) =>
  call(accountRoute.PATCH, { token, method: "PATCH", params: { id }, body });

describe("rights by account role", () => {
  it("by default lets the CSM edit their account's details (not its CRM id or parent) and assign its renewal manager, and nothing on other accounts", async () => {
    const { holder, outsider, renewal, parent } = await world();
    expect((await rename(holder.token, parent.id)).status).toBe(200);
    expect((await rename(outsider.token, parent.id)).status).toBe(403);
    expect((await rename(holder.token, parent.id, { externalId: `X-${unique()}` })).status).toBe(403);

    const assign = (token: string, roleKey: string, userId: string) =>
      call(teamRoute.PUT, { token, method: "PUT", params: { id: parent.id, roleKey }, body: { userId } });
    expect((await assign(holder.token, "renewal_manager", renewal.user.id)).status).toBe(200);
    expect((await assign(outsider.token, "renewal_manager", renewal.user.id)).status).toBe(403);
    expect((await assign(holder.token, "csm", outsider.user.id)).status).toBe(403);
    expect(await db.accountRoleAssignment.findUnique({ where: { accountId_roleKey: { accountId: parent.id, roleKey: "csm" } } }))
      .toMatchObject({ userId: holder.user.id });
  });

  it("loses the rights with the role, on the next request", async () => {
    const { holder, outsider, parent } = await world();
    expect((await rename(holder.token, parent.id)).status).toBe(200);
    await setHolder(parent.id, "csm", outsider.user.id);
    expect((await rename(holder.token, parent.id)).status).toBe(403);
    expect((await rename(outsider.token, parent.id)).status).toBe(200);
  });

  it("reaches child accounts only when the role says so", async () => {
    const { holder, child } = await world();
    expect((await rename(holder.token, child.id)).status).toBe(403);
    await setRights("csm", { ...DEFAULT_CSM, onChildren: true });
    expect((await rename(holder.token, child.id)).status).toBe(200);
    await setRights("csm", DEFAULT_CSM);
    expect((await rename(holder.token, child.id)).status).toBe(403);
  });

  it("turns editing off, and logging activities for others on, when the admin says so", async () => {
    const { holder, sa, parent } = await world();
    const log = () => call(activitiesRoute.POST, {
      token: holder.token, method: "POST",
      body: { userId: sa.user.id, accountId: parent.id, occurredAt: new Date().toISOString(), type: "call" },
    });
    expect((await log()).status).toBe(403);
    await setRights("csm", { ...DEFAULT_CSM, editAccount: false, logActivities: true });
    expect((await log()).status).toBe(201);
    expect((await rename(holder.token, parent.id)).status).toBe(403);
    await setRights("csm", DEFAULT_CSM);
    expect((await log()).status).toBe(403);
  });

  it("lets a seller holding the Account Executive seat raise CSQLs and see the account's comp rows when the role allows it", async () => {
    const { parent } = await world();
    const seller = await makeTokenUser("sales");
    await setHolder(parent.id, "account_executive", seller.user.id);
    const raise = () => call(csqlsRoute.POST, { token: seller.token, method: "POST", body: { accountId: parent.id, title: `Seller lead ${unique()}`, kind: "expansion" } });
    const comp = () => call(compRoute.GET, { token: seller.token, path: `/comp/opportunities?from=2008-01-01&to=2008-12-31&accountId=${parent.id}` });
    expect((await raise()).status).toBe(403);
    expect((await comp()).status).toBe(403);
    await setRights("account_executive", { ...NONE, raiseCsqls: true, seeComp: true });
    expect((await raise()).status).toBe(201);
    expect((await comp())).toMatchObject({ status: 200, body: { items: [] } });
    const other = await db.account.create({ data: { name: `Not held ${unique()}` }, select: { id: true } });
    expect((await call(compRoute.GET, { token: seller.token, path: `/comp/opportunities?from=2008-01-01&to=2008-12-31&accountId=${other.id}` })).status).toBe(403);
  });

  it("keeps leaders read-only whatever a role says, and refuses unknown role keys", async () => {
    const { parent } = await world();
    const leader = await makeTokenUser("leader");
    await setHolder(parent.id, "csm", leader.user.id);
    expect((await rename(leader.token, parent.id)).status).toBe(403);
    const bad = await call(rightsRoute.PUT, { token: admin.token, method: "PUT", params: { key: "csm" }, body: { ...NONE, assignRoles: ["nope"] } });
    expect(bad).toMatchObject({ status: 400, body: { error: { details: { fields: { assignRoles: "No such role: nope." } } } } });
    const csm = await makeTokenUser("csm");
    expect((await call(rightsRoute.PUT, { token: csm.token, method: "PUT", params: { key: "csm" }, body: NONE })).status).toBe(403);
    expect((await call(rightsRoute.PUT, { token: admin.token, method: "PUT", params: { key: "Bad Key" }, body: NONE })).status).toBe(404);
  });
});
