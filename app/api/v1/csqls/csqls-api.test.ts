import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { setHolder } from "@/lib/domain/accounts/testing.ts";
import { makeAccountWithTeam } from "@/lib/domain/opportunities/testing.ts";
import { makeTokenUser, makeUser, unique } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as routesRoute from "../csql-routes/route.ts";
import * as workloadRoute from "../workload/route.ts";
import * as changesRoute from "../changes/route.ts";
import * as csvRoute from "../csqls.csv/route.ts";
import * as acceptRoute from "./[id]/accept/route.ts";
import * as convertRoute from "./[id]/convert/route.ts";
import * as rejectRoute from "./[id]/reject/route.ts";
import * as oneRoute from "./[id]/route.ts";
import * as csqlsRoute from "./route.ts";
import * as summaryRoute from "./summary/route.ts";

/** An account with a CSM, an SA and a seller holding the Account Executive role, each with a token. */
async function covered() {
  const csm = await makeTokenUser("csm");
  const sa = await makeTokenUser("sa");
  const seller = await makeTokenUser("sales");
  const account = await makeAccountWithTeam({ csmId: csm.user.id, saId: sa.user.id });
  await setHolder(account.id, "account_executive", seller.user.id);
  return { csm, sa, seller, account };
}

const raise = (token: string, body: Record<string, unknown>) => call(csqlsRoute.POST, { token, method: "POST", body });
const csqlAudit = (id: string) => db.auditEntry.findMany({ where: { entityType: "csql", entityId: id }, orderBy: { id: "asc" } });

describe("CSQLs API", () => {
  it("a CSM raises one on their account; it goes to the account's seller, who converts it into an opportunity carrying the CSM", async () => {
    const { csm, sa, seller, account } = await covered();
    const raised = await raise(csm.token, {
      accountId: account.id, title: `More seats ${unique()}`, kind: "expansion", estimatedAmount: 12500.5, contactName: "Ana", contactEmail: "ana@customer.test",
    });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({
      accountId: account.id, status: "new", kind: "expansion", estimatedAmount: 12500.5,
      createdBy: { id: csm.user.id }, owner: { id: seller.user.id }, opportunityId: null, warnings: [],
    });
    const id = raised.body.id;

    const mine = await call(csqlsRoute.GET, { token: seller.token, path: `/csqls?ownerId=${seller.user.id}&status=new` });
    expect(mine.body.items.map((item: { id: string }) => item.id)).toContain(id);

    const accepted = await call(acceptRoute.POST, { token: seller.token, method: "POST", params: { id } });
    expect(accepted).toMatchObject({ status: 200, body: { status: "accepted" } });

    const converted = await call(convertRoute.POST, { token: seller.token, method: "POST", params: { id }, body: { closeDate: "2031-03-31" } });
    expect(converted.status).toBe(201);
    expect(converted.body.csql).toMatchObject({ status: "converted", opportunityId: converted.body.opportunity.id });
    expect(converted.body.opportunity).toMatchObject({
      accountId: account.id, name: raised.body.title, amount: 12500.5, closeDate: "2031-03-31",
      csm: { id: csm.user.id }, primarySa: { id: sa.user.id },
    });
    const linked = await db.auditEntry.findFirst({ where: { entityType: "opportunity", entityId: converted.body.opportunity.id, field: "csql" } });
    expect(linked?.toValue).toBe(id);
    expect((await csqlAudit(id)).map((entry) => [entry.field, entry.toValue])).toEqual(expect.arrayContaining([
      ["status", "new"], ["status", "accepted"], ["status", "converted"], ["opportunity", converted.body.opportunity.id],
    ]));

    const twice = await call(convertRoute.POST, { token: seller.token, method: "POST", params: { id }, body: {} });
    expect(twice).toMatchObject({ status: 422, body: { error: { code: "invalid_transition" } } });
    expect(await db.opportunity.count({ where: { accountId: account.id, name: raised.body.title } })).toBe(1);
  });

  it("refuses a CSM on an account they do not cover (403), and writes nothing", async () => {
    const { account } = await covered();
    const outsider = await makeTokenUser("csm");
    const refused = await raise(outsider.token, { accountId: account.id, title: "Not mine", kind: "renewal" });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect(await db.csql.count({ where: { accountId: account.id } })).toBe(0);
  });

  it("lets a CSM manager raise on any account; without a seller it routes by segment and region, else to the sales ops queue", async () => {
    const manager = await makeTokenUser("csm_manager");
    const ops = await makeTokenUser("sales_ops");
    const seller = await makeTokenUser("sales");
    const segment = `Seg-${unique()}`;
    const routed = await db.account.create({ data: { name: `Routed ${unique()}`, segment, region: "EMEA" }, select: { id: true } });
    const unrouted = await db.account.create({ data: { name: `Queue ${unique()}`, segment: `Other-${unique()}` }, select: { id: true } });
    const rule = await call(routesRoute.PUT, { token: ops.token, method: "PUT", body: { segment: segment.toLowerCase(), region: null, ownerId: seller.user.id } });
    expect(rule).toMatchObject({ status: 200, body: { segment: segment.toLowerCase(), region: null, owner: { id: seller.user.id } } });

    const toSeller = await raise(manager.token, { accountId: routed.id, title: "Routed lead", kind: "cross_sell" });
    expect(toSeller.body.owner).toMatchObject({ id: seller.user.id });
    const toQueue = await raise(manager.token, { accountId: unrouted.id, title: "Queued lead", kind: "new_logo" });
    expect(toQueue.body.owner).toBeNull();

    // The queue is sales ops': accepting it makes them its owner.
    const queue = await call(csqlsRoute.GET, { token: ops.token, path: "/csqls?unowned=true" });
    expect(queue.body.items.map((item: { id: string }) => item.id)).toContain(toQueue.body.id);
    const taken = await call(acceptRoute.POST, { token: ops.token, method: "POST", params: { id: toQueue.body.id } });
    expect(taken.body).toMatchObject({ status: "accepted", owner: { id: ops.user.id } });
  });

  it("lets only the owner (or sales ops) work it, and needs a reason to reject", async () => {
    const { csm, seller, account } = await covered();
    const otherSeller = await makeTokenUser("sales");
    const { body: csql } = await raise(csm.token, { accountId: account.id, title: `Renewal ${unique()}`, kind: "renewal" });

    expect((await call(acceptRoute.POST, { token: otherSeller.token, method: "POST", params: { id: csql.id } })).status).toBe(404);
    expect((await call(acceptRoute.POST, { token: csm.token, method: "POST", params: { id: csql.id } })).status).toBe(403);
    const noReason = await call(rejectRoute.POST, { token: seller.token, method: "POST", params: { id: csql.id }, body: { reason: " " } });
    expect(noReason).toMatchObject({ status: 400, body: { error: { code: "invalid_request", details: { fields: { reason: "Say why." } } } } });

    const rejected = await call(rejectRoute.POST, { token: seller.token, method: "POST", params: { id: csql.id }, body: { reason: "Already in the forecast" } });
    expect(rejected.body).toMatchObject({ status: "rejected", rejectReason: "Already in the forecast" });
    const late = await call(convertRoute.POST, { token: seller.token, method: "POST", params: { id: csql.id }, body: {} });
    expect(late).toMatchObject({ status: 422, body: { error: { code: "invalid_transition" } } });
    const entry = (await csqlAudit(csql.id)).find((row) => row.toValue === "rejected");
    expect(entry?.reason).toBe("Already in the forecast");

    // The person who raised it reads why.
    expect((await call(oneRoute.GET, { token: csm.token, params: { id: csql.id } })).body.rejectReason).toBe("Already in the forecast");
  });

  it("warns about the same title on the same account within a day, checks amounts and owners", async () => {
    const { csm, account } = await covered();
    const title = `Upsell ${unique()}`;
    await raise(csm.token, { accountId: account.id, title, kind: "expansion" });
    const again = await raise(csm.token, { accountId: account.id, title: title.toUpperCase(), kind: "expansion" });
    expect(again.status).toBe(201);
    expect(again.body.warnings).toEqual([expect.objectContaining({ code: "likely_duplicate" })]);

    const badAmount = await raise(csm.token, { accountId: account.id, title: "x", kind: "expansion", estimatedAmount: 10.005 });
    expect(badAmount).toMatchObject({ status: 400, body: { error: { details: { fields: { estimatedAmount: "At most 2 decimals." } } } } });
    const badKind = await raise(csm.token, { accountId: account.id, title: "x", kind: "upsell" });
    expect(badKind.status).toBe(400);
    const notASeller = await makeUser("csm");
    const badOwner = await raise(csm.token, { accountId: account.id, title: "x", kind: "expansion", ownerId: notASeller.id });
    expect(badOwner).toMatchObject({ status: 422, body: { error: { code: "ineligible_assignee" } } });
  });

  it("summarises created, accepted, converted and rejected with pipeline and closed-won, as an independent count says", async () => {
    const { csm, seller, account } = await covered();
    const finance = await makeTokenUser("finance");
    const ids: string[] = [];
    for (const amount of [1000, 2000, 3000, 4000]) {
      ids.push((await raise(csm.token, { accountId: account.id, title: `Lead ${amount} ${unique()}`, kind: "expansion", estimatedAmount: amount })).body.id);
    }
    await call(acceptRoute.POST, { token: seller.token, method: "POST", params: { id: ids[0] } });
    const won = await call(convertRoute.POST, { token: seller.token, method: "POST", params: { id: ids[1] }, body: {} });
    await db.opportunity.update({ where: { id: won.body.opportunity.id }, data: { stage: "closed_won", closedAt: new Date() } });
    await call(convertRoute.POST, { token: seller.token, method: "POST", params: { id: ids[2] }, body: { amount: 3500 } });
    await call(rejectRoute.POST, { token: seller.token, method: "POST", params: { id: ids[3] }, body: { reason: "No budget" } });

    const summary = await call(summaryRoute.GET, { token: finance.token, path: "/csqls/summary?groupBy=csm" });
    expect(summary.status).toBe(200);
    const row = summary.body.items.find((item: { key: string }) => item.key === csm.user.id);
    expect(row).toEqual({
      key: csm.user.id, label: csm.user.name, created: 4, accepted: 3, converted: 2, rejected: 1, conversionRate: 0.5,
      pipeline: 3500, closedWon: 2000,
    });
    // The CSM sees their own figures; a seller who owns none sees nothing of theirs.
    const own = await call(summaryRoute.GET, { token: csm.token, path: "/csqls/summary?groupBy=month" });
    expect(own.body.items.reduce((sum: number, item: { created: number }) => sum + item.created, 0)).toBe(4);
    const stranger = await makeTokenUser("sales");
    expect((await call(summaryRoute.GET, { token: stranger.token, path: "/csqls/summary" })).body.items).toEqual([]);

    // Their workload row carries the same figures.
    const workload = await call(workloadRoute.GET, { token: finance.token, path: "/workload?role=csm" });
    expect(workload.body.items.find((item: { user: { id: string } }) => item.user.id === csm.user.id))
      .toMatchObject({ csqlsRaised: 4, csqlsConverted: 2 });

    const csv = await call(csvRoute.GET, { token: finance.token, path: `/csqls.csv?accountId=${account.id}` });
    expect(csv.status).toBe(200);
    expect(String(csv.body).split("\r\n").filter(Boolean)).toHaveLength(5);
  });

  it("shows CSM managers and leaders their team's CSQLs, and nobody else's", async () => {
    const { csm, account } = await covered();
    const manager = await makeTokenUser("csm_manager");
    const leader = await makeTokenUser("leader");
    const otherManager = await makeTokenUser("csm_manager");
    await db.user.update({ where: { id: manager.user.id }, data: { managerId: leader.user.id } });
    await db.user.update({ where: { id: csm.user.id }, data: { managerId: manager.user.id } });
    const { body: csql } = await raise(csm.token, { accountId: account.id, title: `Team ${unique()}`, kind: "expansion" });
    expect((await call(oneRoute.GET, { token: manager.token, params: { id: csql.id } })).status).toBe(200);
    expect((await call(oneRoute.GET, { token: leader.token, params: { id: csql.id } })).status).toBe(200);
    expect((await call(oneRoute.GET, { token: otherManager.token, params: { id: csql.id } })).status).toBe(404);
    const summary = await call(summaryRoute.GET, { token: otherManager.token, path: "/csqls/summary?groupBy=csm" });
    expect(summary.body.items.find((item: { key: string }) => item.key === csm.user.id)).toBeUndefined();
  });

  it("publishes every step in the change feed as csql.* events carrying the account", async () => {
    const { csm, seller, account } = await covered();
    const admin = await makeTokenUser("admin");
    const start = await call(changesRoute.GET, { token: admin.token, path: "/changes?after=now" });
    const { body: csql } = await raise(csm.token, { accountId: account.id, title: `Feed ${unique()}`, kind: "renewal" });
    await call(acceptRoute.POST, { token: seller.token, method: "POST", params: { id: csql.id } });
    await call(convertRoute.POST, { token: seller.token, method: "POST", params: { id: csql.id }, body: {} });
    const seen: { type: string; entityId: string; accountId: string | null }[] = [];
    let cursor = start.body.nextCursor;
    for (let page = 0; page < 50; page++) {
      const next = await call(changesRoute.GET, { token: admin.token, path: `/changes?after=${cursor}&limit=1000` });
      seen.push(...next.body.items);
      if (next.body.items.length === 0) break;
      cursor = next.body.nextCursor;
    }
    const mine = seen.filter((change) => change.entityId === csql.id);
    expect(mine.map((change) => change.type)).toEqual(expect.arrayContaining(["csql.created", "csql.accepted", "csql.converted"]));
    expect(new Set(mine.map((change) => change.accountId))).toEqual(new Set([account.id]));
  });
});
