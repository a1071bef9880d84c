import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import type { Profile } from "@/lib/db/generated/enums.ts";
import { makeTokenUser, makeUser, unique } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as workload from "@/app/api/v1/workload/route.ts";

async function rep(profile: Profile, managerId: string, fields: { capacity?: number; active?: boolean } = {}) {
  const user = await makeUser(profile, { capacity: fields.capacity, active: fields.active });
  await db.user.update({ where: { id: user.id }, data: { managerId } });
  return user;
}

async function account(fields: { arr?: string; parentId?: string; segment?: string; region?: string; holders?: Record<string, string> }) {
  const created = await db.account.create({
    data: { name: `Workload ${unique()}`, arr: fields.arr, parentId: fields.parentId, segment: fields.segment, region: fields.region },
    select: { id: true },
  });
  for (const [roleKey, userId] of Object.entries(fields.holders ?? {})) {
    await db.accountRoleAssignment.create({ data: { accountId: created.id, roleKey, userId } });
  }
  return created.id;
}

async function opportunity(accountId: string, fields: { amount?: string; csmId?: string; primarySaId?: string; closed?: boolean; mergedIntoId?: string }) {
  return (await db.opportunity.create({
    data: {
      accountId, name: `Opp ${unique()}`, amount: fields.amount, csmId: fields.csmId, primarySaId: fields.primarySaId,
      stage: fields.closed ? "closed_won" : "negotiation", closedAt: fields.closed ? new Date() : null, mergedIntoId: fields.mergedIntoId,
    },
    select: { id: true },
  })).id;
}

const segment = () => `seg-${unique()}`;

async function csmTeam() {
  const manager = await makeUser("csm_manager");
  const full = await rep("csm", manager.id, { capacity: 4 });
  const managerRep = await rep("csm_manager", manager.id);
  const empty = await rep("csm", manager.id, { capacity: 0 });
  const gone = await rep("csm", manager.id, { active: false });
  const misfit = await rep("sales_ops", manager.id);
  const enterprise = segment();
  const parent = await account({ arr: "1000.10", segment: enterprise, region: "emea", holders: { csm: full.id } });
  await account({ arr: "200.20", parentId: parent, segment: enterprise, region: "emea", holders: { csm: full.id } });
  const small = await account({ arr: "300", segment: segment(), region: "amer", holders: { csm: full.id } });
  await account({ holders: { csm: managerRep.id } });
  await account({ arr: "5", holders: { csm: misfit.id } });
  const kept = await opportunity(parent, { amount: "100.10", csmId: full.id });
  await opportunity(parent, { amount: "50", csmId: full.id });
  await opportunity(parent, { amount: "999", csmId: full.id, closed: true });
  await opportunity(parent, { amount: "777", csmId: full.id, mergedIntoId: kept });
  await opportunity(small, { amount: "10", csmId: full.id });
  return { manager, full, managerRep, empty, gone, misfit, enterprise };
}

describe("GET /workload", () => {
  it("counts each CSM's accounts, ARR and open pipeline, merged and closed opportunities excluded", async () => {
    const team = await csmTeam();
    const { token } = await makeTokenUser("csm");
    const response = await call(workload.GET, { token, path: `/workload?role=csm&managerId=${team.manager.id}` });
    expect(response.status).toBe(200);
    const byId = new Map(response.body.items.map((item: { user: { id: string } }) => [item.user.id, item]));
    expect(byId.get(team.full.id)).toMatchObject({
      accounts: 3, arr: 1500.3, openOpportunities: 3, openPipeline: 160.1, capacity: 4, utilization: 0.75,
      user: { id: team.full.id, email: team.full.email, name: team.full.name, profile: "csm", active: true, managerId: team.manager.id, capacity: 4 },
    });
    expect(byId.get(team.managerRep.id)).toMatchObject({ accounts: 1, arr: 0, openOpportunities: 0, openPipeline: 0, capacity: null, utilization: null });
    expect(byId.get(team.empty.id)).toMatchObject({ accounts: 0, arr: 0, openOpportunities: 0, capacity: 0, utilization: null });
    expect(byId.get(team.misfit.id)).toMatchObject({ accounts: 1, arr: 5 });
    expect(byId.has(team.gone.id)).toBe(false);
    expect(byId.get(team.full.id)).not.toHaveProperty("activities90d");
  });

  it("counts only top-level accounts with parentsOnly, and filters by segment and region through the account", async () => {
    const team = await csmTeam();
    const { token } = await makeTokenUser("leader");
    const find = async (query: string) => {
      const response = await call(workload.GET, { token, path: `/workload?role=csm&managerId=${team.manager.id}&${query}` });
      expect(response.status).toBe(200);
      return response.body.items.find((item: { user: { id: string } }) => item.user.id === team.full.id);
    };
    expect(await find("parentsOnly=true")).toMatchObject({ accounts: 2, arr: 1300.1, openOpportunities: 3, utilization: 0.5 });
    expect(await find(`segment=${team.enterprise}`)).toMatchObject({ accounts: 2, arr: 1200.3, openOpportunities: 2, openPipeline: 150.1 });
    expect(await find(`segment=${team.enterprise}&region=amer`)).toMatchObject({ accounts: 0, arr: 0, openOpportunities: 0 });
  });

  it("counts an SA's primary opportunities, the ones they support, and their recent activities", async () => {
    const manager = await makeUser("csm_manager");
    const sa = await rep("sa", manager.id, { capacity: 10 });
    const idle = await rep("sa", manager.id);
    const accountId = await account({ arr: "100", holders: { sa: sa.id } });
    await opportunity(accountId, { amount: "40", primarySaId: sa.id });
    await opportunity(accountId, { amount: "60", primarySaId: sa.id, closed: true });
    const supported = await opportunity(accountId, { amount: "1" });
    const supportedClosed = await opportunity(accountId, { amount: "1", closed: true });
    await db.opportunitySupportingSa.createMany({ data: [{ opportunityId: supported, userId: sa.id }, { opportunityId: supportedClosed, userId: sa.id }] });
    const day = 24 * 3600 * 1000;
    await db.activity.createMany({
      data: [
        { userId: sa.id, accountId, occurredAt: new Date(Date.now() - 10 * day), type: "call" },
        { userId: sa.id, accountId, occurredAt: new Date(Date.now() - 100 * day), type: "call" },
      ],
    });
    const { token } = await makeTokenUser("sa");
    const response = await call(workload.GET, { token, path: `/workload?role=sa&managerId=${manager.id}` });
    expect(response.body.items).toHaveLength(2);
    const [first, second] = response.body.items;
    const mine = first.user.id === sa.id ? first : second;
    const theirs = first.user.id === sa.id ? second : first;
    expect(mine).toMatchObject({ accounts: 1, arr: 100, openOpportunities: 1, openPipeline: 40, supportingOpportunities: 1, activities90d: 1, utilization: 0.1 });
    expect(theirs).toMatchObject({ user: { id: idle.id }, accounts: 0, openOpportunities: 0, supportingOpportunities: 0, activities90d: 0 });
  });

  it("refuses an unknown role and needs a token", async () => {
    const { token } = await makeTokenUser("sa");
    expect((await call(workload.GET, { token, path: "/workload?role=ceo" })).status).toBe(400);
    expect((await call(workload.GET, { path: "/workload" })).status).toBe(401);
  });
});
