import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { makeAccount, makeOpportunities } from "@/lib/domain/accounts/testing.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import type { SalesforceDouble } from "@/test/salesforce-double/server.ts";
import { listDeletedAccounts, syncStatus } from "./queries.ts";
import { raiseCsql } from "@/lib/domain/csqls/raise-csql.ts";
import { createAccountField } from "@/lib/domain/account-fields/create-account-field.ts";
import { runCatch } from "./run-catch.ts";
import { CSQL_KEY_FIELD } from "./send-csqls.ts";
import { runInbound } from "./run-inbound.ts";
import { updateMapping } from "./update-mapping.ts";
import { runOutbound } from "./run-outbound.ts";
import { connectToDouble, drainOutbound, linkAccount, linkOpportunities, linkUser } from "./testing.ts";

let double: SalesforceDouble;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  double = await connectToDouble();
  process.env.SALESFORCE_POLL_OVERLAP_SECONDS = "0";
  admin = await makeUser("admin");
  await drainOutbound(); // what other files wrote before this one started is not this file's business
});
afterAll(async () => {
  await double.close();
});
beforeEach(() => double.faults.clear());

/** A CSM in both systems. */
async function csm() {
  const user = await makeUser("csm");
  return { ...user, sfId: linkUser(double, user) };
}

/** An account in both systems with `open` open and `closed` closed opportunities, all stamped with `holder`. */
async function coveredAccount(holder: { id: string }, open: number, closed = 0) {
  const account = await makeAccount();
  const sfAccount = await linkAccount(double, account);
  await assignAccountRole(asContext(admin), account.id, "csm", { userId: holder.id });
  await makeOpportunities(account.id, open, { csmId: holder.id });
  if (closed) await makeOpportunities(account.id, closed, { csmId: holder.id, closed: true });
  const opportunities = await linkOpportunities(double, account.id, sfAccount);
  await drainOutbound();
  return { account, sfAccount, opportunities };
}

const sfCsm = (sfOpportunityId: string) => double.org.get("Opportunity", sfOpportunityId)?.Technical_Account_Manager__c ?? null;
/** The calls that write coverage: Composite calls of sObject Collections. */
const writeCalls = () => double.calls.filter((call) => call.kind === "composite" && call.status === 200);

describe("outbound: Roster's coverage in Salesforce", () => {
  it("a CSM change reaches the account and every open opportunity in Salesforce; closed ones keep theirs", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, sfAccount, opportunities } = await coveredAccount(first, 30, 5);
    const closedIds = new Set((await db.opportunity.findMany({ where: { accountId: account.id, isClosed: true }, select: { id: true } })).map((row) => row.id));

    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    await drainOutbound();

    expect(double.org.get("Account", sfAccount)?.Technical_Account_Manager_LU__c).toBe(second.sfId);
    for (const [id, sfId] of opportunities) expect(sfCsm(sfId)).toBe(closedIds.has(id) ? null : second.sfId);
    expect(await db.salesforcePending.count({ where: { recordId: { in: [...opportunities.keys()] } } })).toBe(0);
  });

  it("a record Salesforce refuses (UNABLE_TO_LOCK_ROW) waits with its error and is sent again", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, opportunities } = await coveredAccount(first, 10);
    const sfIds = [...opportunities.values()];
    double.faults.lockRows(3, sfIds.slice(0, 3));

    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    const run = await runOutbound();
    expect(run?.failed).toBe(3);
    const waiting = await db.salesforcePending.findMany({ where: { recordId: { in: [...opportunities.keys()] } } });
    expect(waiting).toHaveLength(3);
    expect(waiting[0]).toMatchObject({ status: "pending", errorCode: "UNABLE_TO_LOCK_ROW", attempts: 1 });
    expect(waiting[0]!.lastError).toMatch(/unable to obtain exclusive access/);
    expect(sfIds.slice(0, 3).map(sfCsm)).toEqual([null, null, null]); // not written yet
    expect(sfIds.slice(3).map(sfCsm)).toEqual(sfIds.slice(3).map(() => second.sfId));

    await new Promise((resolve) => setTimeout(resolve, 50)); // the retry is due after the (test-sized) backoff
    await drainOutbound();
    expect(sfIds.map(sfCsm)).toEqual(sfIds.map(() => second.sfId));
    expect(await db.salesforcePending.count({ where: { recordId: { in: [...opportunities.keys()] } } })).toBe(0);
  });

  it("a run that stops between Salesforce's answer and its checkpoint sends again on the next run: nothing lost", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, opportunities } = await coveredAccount(first, 2_500);
    const before = (await db.salesforceSync.findUniqueOrThrow({ where: { id: 1 } })).outboundPosition;

    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    // The process dies after two calls (2,000 records) went out: Salesforce has part of the change, the checkpoint none.
    await expect(runOutbound({ hooks: { afterChunk: (chunk) => { if (chunk === 1) throw new Error("killed mid-batch"); } } })).rejects.toThrow("killed mid-batch");
    expect((await db.salesforceSync.findUniqueOrThrow({ where: { id: 1 } })).outboundPosition).toBe(before);
    const sent = [...opportunities.values()].filter((sfId) => sfCsm(sfId) === second.sfId).length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(2_500);
    const failedRun = await db.salesforceRun.findFirst({ where: { kind: "outbound" }, orderBy: { startedAt: "desc" } });
    expect(failedRun).toMatchObject({ status: "failed" });

    // And when it dies after every send but before the checkpoint, the re-send changes nothing twice.
    await expect(runOutbound({ hooks: { beforeCheckpoint: () => { throw new Error("killed before the checkpoint"); } } })).rejects.toThrow();
    await drainOutbound();
    expect([...opportunities.values()].every((sfId) => sfCsm(sfId) === second.sfId)).toBe(true);
    expect((await db.salesforceSync.findUniqueOrThrow({ where: { id: 1 } })).outboundPosition).toBeGreaterThan(before);
  });

  it("an expired session is renewed (INVALID_SESSION_ID → a new token) and the call goes through", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, opportunities } = await coveredAccount(first, 1_500);
    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    const tokensBefore = double.count("token");
    const expiredBefore = double.calls.filter((call) => call.status === 401).length;
    await runOutbound({ hooks: { afterChunk: (chunk) => { if (chunk === 0) double.expireSessions(); } } });
    await drainOutbound();
    expect(double.calls.filter((call) => call.status === 401).length).toBe(expiredBefore + 1);
    expect(double.count("token")).toBe(tokensBefore + 1);
    expect([...opportunities.values()].every((sfId) => sfCsm(sfId) === second.sfId)).toBe(true);
  });

  it("REQUEST_LIMIT_EXCEEDED and 503 are waited out with backoff", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, opportunities } = await coveredAccount(first, 5);
    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    const refusedBefore = double.calls.filter((call) => call.status === 403 || call.status === 503).length;
    double.faults.rateLimit(2);
    double.faults.unavailableFor(1);
    const run = await runOutbound();
    expect(run?.failed).toBe(0);
    expect(double.calls.filter((call) => call.status === 403 || call.status === 503).length).toBe(refusedBefore + 3);
    expect([...opportunities.values()].every((sfId) => sfCsm(sfId) === second.sfId)).toBe(true);
  });

  it("a collection Salesforce refuses whole waits with its error and is sent again; the others in the call go through", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, opportunities } = await coveredAccount(first, 700); // 701 records: collections of 200, 200, 200, 101
    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    double.faults.refuseCollections(1, "UNKNOWN_EXCEPTION");
    const run = await runOutbound();
    expect(run?.failed).toBe(200);
    const waiting = await db.salesforcePending.findMany({ where: { recordId: { in: [account.id, ...opportunities.keys()] } } });
    expect(waiting).toHaveLength(200);
    expect(waiting[0]).toMatchObject({ status: "pending", errorCode: "UNKNOWN_EXCEPTION", attempts: 1 });
    // The first collection (the account and 199 opportunities) was refused; the other 501 opportunities went in.
    expect(waiting.filter((row) => row.object === "Account")).toHaveLength(1);
    expect([...opportunities.values()].filter((sfId) => sfCsm(sfId) === second.sfId)).toHaveLength(501);

    await new Promise((resolve) => setTimeout(resolve, 50));
    await drainOutbound();
    expect([...opportunities.values()].every((sfId) => sfCsm(sfId) === second.sfId)).toBe(true);
    expect(await db.salesforcePending.count({ where: { recordId: { in: [account.id, ...opportunities.keys()] } } })).toBe(0);
  });

  it("when Salesforce refuses every collection of a call, the run stops and the checkpoint stays", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, opportunities } = await coveredAccount(first, 10);
    const before = (await db.salesforceSync.findUniqueOrThrow({ where: { id: 1 } })).outboundPosition;
    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    double.faults.refuseCollections(1, "INVALID_FIELD");
    await expect(runOutbound()).rejects.toMatchObject({ code: "INVALID_FIELD" });
    expect((await db.salesforceSync.findUniqueOrThrow({ where: { id: 1 } })).outboundPosition).toBe(before);
    await drainOutbound();
    expect([...opportunities.values()].every((sfId) => sfCsm(sfId) === second.sfId)).toBe(true);
  });

  it("a CSM change on a whale of 10,000 opportunities takes one Composite call per 1,000 records", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, opportunities } = await coveredAccount(first, 10_000);
    const before = writeCalls().length;
    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    await drainOutbound();
    const mine = new Set(opportunities.values());
    const calls = writeCalls().slice(before).filter((call) => call.records?.some((id) => mine.has(id)));
    // 10,000 opportunities and their account: 10,001 records, 11 calls of at most 5 collections of 200 (the goal: ≤ 50).
    expect(calls.length).toBeLessThanOrEqual(11);
    expect(calls.every((call) => (call.collections?.length ?? 0) <= 5 && (call.collections ?? []).every((size) => size <= 200))).toBe(true);
    expect([...mine].every((sfId) => sfCsm(sfId) === second.sfId)).toBe(true);
  }, 180_000);
});

describe("inbound: Salesforce's new records and changes in Roster", () => {
  /** An account in both systems with a CSM and an SA, nothing else. */
  async function accountWithTeam() {
    const [holder, sa] = [await csm(), await makeUser("sa")];
    const saSfId = linkUser(double, sa);
    const account = await makeAccount();
    const sfAccount = await linkAccount(double, account);
    await assignAccountRole(asContext(admin), account.id, "csm", { userId: holder.id });
    await assignAccountRole(asContext(admin), account.id, "sa", { userId: sa.id });
    await runInbound();
    await drainOutbound();
    return { account, sfAccount, holder, sa: { ...sa, sfId: saSfId } };
  }

  it("a new Salesforce opportunity appears in Roster stamped, and its CSM and SA go back out; nothing bounces", async () => {
    const { account, sfAccount, holder, sa } = await accountWithTeam();
    const sfOpp = double.org.insert("Opportunity", { Name: "Expansion 2027", AccountId: sfAccount, StageName: "Qualification", Amount: 120000.5, CloseDate: "2027-03-31" });

    const inbound = await runInbound();
    expect(inbound?.opportunities.created).toBeGreaterThanOrEqual(1);
    const opp = await db.opportunity.findUniqueOrThrow({ where: { externalId: sfOpp.Id } });
    expect(opp).toMatchObject({ accountId: account.id, name: "Expansion 2027", stage: "prospecting", csmId: holder.id, primarySaId: sa.id });
    expect(opp.amount?.toString()).toBe("120000.5");
    const trail = await db.auditEntry.findMany({ where: { entityType: "opportunity", entityId: opp.id } });
    expect(new Set(trail.map((entry) => entry.source))).toEqual(new Set(["salesforce"]));

    await drainOutbound();
    expect(double.org.get("Opportunity", sfOpp.Id)).toMatchObject({ Technical_Account_Manager__c: holder.sfId, Primary_Solution_Architect__c: sa.sfId });

    // Roster's write bumped SystemModstamp; reading it back changes nothing in Roster.
    const again = await runInbound();
    expect(again?.opportunities.created).toBe(0);
    expect(await db.auditEntry.count({ where: { entityType: "opportunity", entityId: opp.id } })).toBe(trail.length);
    expect((await db.opportunity.findUniqueOrThrow({ where: { id: opp.id } })).version).toBe(opp.version);
  });

  it("changed on both sides: Salesforce's stage and amount, Roster's CSM", async () => {
    const { account, sfAccount, holder } = await accountWithTeam();
    const sfOpp = double.org.insert("Opportunity", { Name: "Renewal", AccountId: sfAccount, StageName: "Prospecting", CloseDate: "2027-01-31" });
    await runInbound();
    await drainOutbound();
    const other = await csm();
    // In Salesforce someone moves the stage and types another CSM in; in Roster the account's CSM changes.
    double.org.update("Opportunity", sfOpp.Id, { StageName: "Negotiation/Review", Amount: 5000, Technical_Account_Manager__c: other.sfId });
    const next = await csm();
    await assignAccountRole(asContext(admin), account.id, "csm", { userId: next.id });
    await runInbound();
    await drainOutbound();
    const opp = await db.opportunity.findUniqueOrThrow({ where: { externalId: sfOpp.Id } });
    expect(opp).toMatchObject({ stage: "negotiation", csmId: next.id });
    expect(opp.amount?.toString()).toBe("5000");
    expect(double.org.get("Opportunity", sfOpp.Id)?.Technical_Account_Manager__c).toBe(next.sfId);
    expect(holder.id).not.toBe(next.id);
  });

  it("new accounts and a closed-won opportunity come in; deleted records stay in Roster; users are cached for lookups", async () => {
    const parent = double.org.insert("Account", { Name: `Parent ${Date.now()}` });
    const child = double.org.insert("Account", { Name: `Child ${Date.now()}`, ParentId: parent.Id });
    const won = double.org.insert("Opportunity", { Name: "Won deal", AccountId: child.Id, StageName: "Closed Won", Amount: 10, CloseDate: "2026-11-30" });
    const gone = double.org.insert("Opportunity", { Name: "Gone", AccountId: child.Id, StageName: "Prospecting", CloseDate: "2026-11-30" });
    const orphan = double.org.insert("Opportunity", { Name: "No account", AccountId: null, StageName: "Prospecting", CloseDate: "2026-11-30" });
    const person = double.org.insert("User", { Email: `New.Person.${Date.now()}@Example.com`, Name: "New Person", IsActive: true });
    await runInbound();
    double.org.remove("Opportunity", gone.Id);
    const result = await runInbound();
    const [p, c] = [await db.account.findUniqueOrThrow({ where: { externalId: parent.Id } }), await db.account.findUniqueOrThrow({ where: { externalId: child.Id } })];
    expect(c.parentId).toBe(p.id);
    const wonOpp = await db.opportunity.findUniqueOrThrow({ where: { externalId: won.Id } });
    expect(wonOpp.stage).toBe("closed_won");
    expect(wonOpp.closedAt).not.toBeNull();
    expect(result?.deleted.opportunities).toBeGreaterThanOrEqual(1);
    expect(await db.opportunity.count({ where: { externalId: gone.Id } })).toBe(1);
    expect(await db.opportunity.count({ where: { externalId: orphan.Id } })).toBe(0);
    expect(await db.salesforceUser.findUnique({ where: { email: String(person.Email).toLowerCase() } })).toMatchObject({ salesforceId: person.Id });
  });

  it("an opportunity deleted in Salesforce leaves the open pipeline, audited as salesforce; restored there, it reopens with the account's CSM", async () => {
    const { account, sfAccount, holder } = await accountWithTeam();
    const sfOpp = double.org.insert("Opportunity", { Name: "Upsell", AccountId: sfAccount, StageName: "Qualification", Amount: 900, CloseDate: "2027-02-28" });
    await runInbound();
    const opp = await db.opportunity.findUniqueOrThrow({ where: { externalId: sfOpp.Id } });
    expect(opp).toMatchObject({ isClosed: false, csmId: holder.id });

    double.org.remove("Opportunity", sfOpp.Id);
    const deleted = await runInbound();
    expect(deleted?.deleted.opportunitiesClosed).toBe(1);
    const gone = await db.opportunity.findUniqueOrThrow({ where: { id: opp.id } });
    expect(gone).toMatchObject({ stage: "closed_lost", isClosed: true, csmId: holder.id });
    expect(gone.deletedInSalesforceAt).not.toBeNull();
    const trail = await db.auditEntry.findMany({ where: { entityType: "opportunity", entityId: opp.id, field: { in: ["deletedInSalesforce", "stage", "locked"] } } });
    expect(trail.map((entry) => [entry.source, entry.field, entry.fromValue, entry.toValue]).sort()).toEqual([
      ["salesforce", "deletedInSalesforce", null, "true"], ["salesforce", "locked", "false", "true"], ["salesforce", "stage", "prospecting", "closed_lost"],
    ]);

    // Out of the pipeline: a new CSM on the account is not stamped on it; reading it again changes nothing.
    const next = await csm();
    await assignAccountRole(asContext(admin), account.id, "csm", { userId: next.id });
    await drainOutbound();
    expect((await db.opportunity.findUniqueOrThrow({ where: { id: opp.id } })).csmId).toBe(holder.id);
    expect((await runInbound({ full: true }))?.deleted.opportunitiesClosed).toBe(0);

    double.org.undelete("Opportunity", sfOpp.Id);
    const restored = await runInbound();
    expect(restored?.deleted.restored).toBeGreaterThanOrEqual(1);
    const back = await db.opportunity.findUniqueOrThrow({ where: { id: opp.id } });
    expect(back).toMatchObject({ stage: "prospecting", isClosed: false, csmId: next.id, deletedInSalesforceAt: null });
    await drainOutbound();
    expect(sfCsm(sfOpp.Id)).toBe(next.sfId);
  });

  it("an account deleted (merged away) in Salesforce keeps its coverage and is listed for a person; restored, it leaves the list", async () => {
    const { account, sfAccount, holder } = await accountWithTeam();
    const survivor = await makeAccount();
    const sfSurvivor = await linkAccount(double, survivor);
    const holdersBefore = await db.accountRoleAssignment.count({ where: { accountId: account.id } });

    double.org.mergeInto("Account", sfAccount, sfSurvivor);
    const result = await runInbound();
    expect(result?.deleted.accountsFlagged).toBe(1);
    expect(await db.accountRoleAssignment.count({ where: { accountId: account.id } })).toBe(holdersBefore);
    const listed = (await listDeletedAccounts(asContext(admin))).items.find((row) => row.id === account.id);
    expect(listed).toMatchObject({ name: account.name, externalId: sfAccount, holders: holdersBefore, master: { externalId: sfSurvivor, id: survivor.id, name: survivor.name } });
    const trail = await db.auditEntry.findMany({ where: { entityType: "account", entityId: account.id, field: "deletedInSalesforce" } });
    expect(trail.map((entry) => [entry.source, entry.toValue])).toEqual([["salesforce", `merged into ${sfSurvivor}`]]);

    // Coverage still changes in Roster; Salesforce is not asked to write a deleted record.
    const next = await csm();
    await assignAccountRole(asContext(admin), account.id, "csm", { userId: next.id });
    await drainOutbound();
    expect(await db.salesforcePending.count({ where: { recordId: account.id } })).toBe(0);
    expect(double.org.get("Account", sfAccount)?.Technical_Account_Manager_LU__c).toBe(holder.sfId);

    double.org.undelete("Account", sfAccount);
    await runInbound();
    expect((await listDeletedAccounts(asContext(admin))).items.some((row) => row.id === account.id)).toBe(false);
    expect(await db.account.findUniqueOrThrow({ where: { id: account.id } })).toMatchObject({ deletedInSalesforceAt: null, salesforceMasterId: null });
    expect((await db.auditEntry.findMany({ where: { entityType: "account", entityId: account.id, field: "deletedInSalesforce" } })).length).toBe(2);
  });

  it("20,000 new Salesforce opportunities come in stamped and go back out in 100 calls (about 20: 1,000 records a call)", async () => {
    const { account, sfAccount, holder } = await accountWithTeam();
    const sfIds: string[] = [];
    for (let i = 0; i < 20_000; i++) sfIds.push(double.org.insert("Opportunity", { Name: `Bulk ${i}`, AccountId: sfAccount, StageName: "Prospecting", CloseDate: "2027-06-30" }).Id);
    const inbound = await runInbound();
    expect(inbound?.opportunities.created).toBeGreaterThanOrEqual(20_000);
    expect(await db.opportunity.count({ where: { accountId: account.id, csmId: holder.id } })).toBe(20_000);
    const before = writeCalls().length;
    await drainOutbound();
    const mine = new Set(sfIds);
    const calls = writeCalls().slice(before).filter((call) => call.records?.some((id) => mine.has(id)));
    expect(calls.length).toBeLessThanOrEqual(21);
    expect(sfIds.every((id) => sfCsm(id) === holder.sfId)).toBe(true);
  }, 240_000);
});

describe("catch, mapping and status", () => {
  it("a dry run finds nothing when the sync works, finds injected drift, and a repair brings it back", async () => {
    await runCatch({ dryRun: false }); // what earlier tests wrote straight to the database, never through the feed
    const [first, second] = [await csm(), await csm()];
    const { account, sfAccount, opportunities } = await coveredAccount(first, 12);
    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    await drainOutbound();
    const clean = await runCatch({ dryRun: true });
    expect(clean.differenceCount).toBe(0);
    expect(clean.checked.opportunities).toBeGreaterThanOrEqual(12);

    // Someone edits Salesforce by hand: two opportunities and the account drift.
    const [a, b] = [...opportunities.values()];
    double.org.update("Opportunity", a!, { Technical_Account_Manager__c: first.sfId });
    double.org.update("Opportunity", b!, { Technical_Account_Manager__c: null });
    double.org.update("Account", sfAccount, { Technical_Account_Manager_LU__c: first.sfId });
    const dry = await runCatch({ dryRun: true });
    expect(dry.differenceCount).toBe(3);
    expect(dry.differences).toEqual(expect.arrayContaining([
      expect.objectContaining({ object: "Opportunity", externalId: a, field: "Technical_Account_Manager__c", salesforce: first.sfId, roster: second.sfId }),
      expect.objectContaining({ object: "Opportunity", externalId: b, salesforce: null, roster: second.sfId }),
      expect.objectContaining({ object: "Account", externalId: sfAccount, field: "Technical_Account_Manager_LU__c" }),
    ]));
    expect(sfCsm(a!)).toBe(first.sfId); // a dry run changes nothing

    const repair = await runCatch({ dryRun: false });
    expect(repair.repaired).toBe(3);
    expect([sfCsm(a!), sfCsm(b!)]).toEqual([second.sfId, second.sfId]);
    expect((await runCatch({ dryRun: true })).differenceCount).toBe(0);
  });

  it("the mapping is checked against Salesforce's describe before it is saved", async () => {
    const context = asContext(admin, "api");
    await expect(updateMapping(context, {
      account: { csm: "Technical_Account_Manager_LU__c", sa: "No_Such_Field__c", nobody: "OwnerId" },
      opportunity: { csm: "Name" }, accountFields: {}, userMatch: "email",
    })).rejects.toMatchObject({
      code: "invalid_request",
      details: { fields: {
        "account.sa": "Account has no field No_Such_Field__c.", "account.nobody": 'No account role "nobody".',
        "opportunity.csm": "Opportunity.Name is not a lookup to User.",
      } },
    });
    const before = await syncStatus(context);
    const saved = await updateMapping(context, { ...before.mapping, account: { ...before.mapping.account, renewal_manager: "Renewal_Manager__c" }, csqlTarget: "lead" });
    expect(saved).toMatchObject({ enabled: true, csqlTarget: "lead", mapping: { account: { renewal_manager: "Renewal_Manager__c" } } });
    await updateMapping(context, { ...before.mapping, csqlTarget: before.csqlTarget });
    const status = await syncStatus(context);
    expect(status).toMatchObject({ enabled: true, lagSeconds: expect.any(Number), lastError: null });
    expect(status.lastOutboundAt).not.toBeNull();
    expect(status.lastInboundAt).not.toBeNull();
  });
});

describe("account fields from Salesforce", () => {
  it("a CRM-owned account field mapped to an Account field comes in with the account; Roster's own fields cannot be mapped", async () => {
    const context = asContext(admin, "api");
    const suffix = Math.random().toString(36).slice(2, 8);
    const crmField = await createAccountField(context, { key: `sf_health_${suffix}`, label: `SF health ${suffix}`, type: "text", owner: "crm", editableBy: [], score: false, showInTable: false });
    const rosterField = await createAccountField(context, { key: `notes_${suffix}`, label: `Notes ${suffix}`, type: "text", owner: "roster", editableBy: [], score: false, showInTable: false });
    const before = await syncStatus(context);
    await expect(updateMapping(context, { ...before.mapping, accountFields: { [rosterField.key]: "Customer_Health__c", [crmField.key]: "No_Such__c" } }))
      .rejects.toMatchObject({ details: { fields: {
        [`accountFields.${rosterField.key}`]: `Notes ${suffix} is Roster's: only CRM-owned fields come from Salesforce.`,
        [`accountFields.${crmField.key}`]: "Account has no field No_Such__c.",
      } } });
    await updateMapping(context, { ...before.mapping, accountFields: { [crmField.key]: "Customer_Health__c" } });
    try {
      const account = await makeAccount();
      const sfAccount = await linkAccount(double, account);
      double.org.update("Account", sfAccount, { Customer_Health__c: "Green" });
      await runInbound();
      const [value] = await db.$queryRaw<{ text: string | null }[]>`
        SELECT text FROM account_field_values WHERE account_id = ${account.id}::uuid AND field_key = ${crmField.key}`;
      expect(value?.text).toBe("Green");
      const trail = await db.auditEntry.findMany({ where: { entityType: "account", entityId: account.id, field: `fields.${crmField.key}` } });
      expect(trail.map((entry) => [entry.source, entry.toValue])).toEqual([["salesforce", "Green"]]);
    } finally {
      await updateMapping(context, { ...before.mapping, accountFields: {} });
    }
  });
});

describe("CSQLs in Salesforce", () => {
  it("a new CSQL becomes an Opportunity (or a Lead, as the admin chooses) and its Salesforce Id comes back as externalId, once", async () => {
    const context = asContext(admin, "api");
    const holder = await csm();
    const seller = await makeUser("sales");
    const sellerSfId = linkUser(double, seller);
    const account = await makeAccount();
    const sfAccount = await linkAccount(double, account);
    await assignAccountRole(context, account.id, "csm", { userId: holder.id });
    await assignAccountRole(context, account.id, "account_executive", { userId: seller.id });
    const settings = await syncStatus(context);

    const asOpportunity = await raiseCsql(asContext(holder), { accountId: account.id, title: "More seats", kind: "expansion", estimatedAmount: 25000, description: null, contactName: null });
    await drainOutbound();
    const linked = await db.csql.findUniqueOrThrow({ where: { id: asOpportunity.id } });
    expect(linked.externalId).toMatch(/^006/);
    expect(double.org.get("Opportunity", linked.externalId!)).toMatchObject({
      Name: "More seats", AccountId: sfAccount, StageName: "Prospecting", Amount: 25000, OwnerId: sellerSfId, [CSQL_KEY_FIELD]: asOpportunity.id,
    });

    // The seller's opportunity comes back in: it is the CSQL's conversion, not a second record.
    await runInbound();
    const converted = await db.csql.findUniqueOrThrow({ where: { id: asOpportunity.id } });
    expect(converted.status).toBe("converted");
    const cameBack = await db.opportunity.findMany({ where: { externalId: linked.externalId! } });
    expect(cameBack).toHaveLength(1);
    expect(converted.opportunityId).toBe(cameBack[0]!.id);
    expect(cameBack[0]!.csmId).toBe(holder.id);
    await runInbound();
    expect(await db.opportunity.count({ where: { accountId: account.id, name: "More seats" } })).toBe(1);

    await updateMapping(context, { ...settings.mapping, csqlTarget: "lead" });
    try {
      const asLead = await raiseCsql(asContext(holder), { accountId: account.id, title: "Support plan", kind: "cross_sell", description: null, contactName: "Dana Buyer" });
      // Sent twice (a crash before the checkpoint): the upsert finds the lead it made.
      await expect(runOutbound({ hooks: { beforeCheckpoint: () => { throw new Error("crash"); } } })).rejects.toThrow("crash");
      await drainOutbound();
      const lead = await db.csql.findUniqueOrThrow({ where: { id: asLead.id } });
      expect(lead.externalId).toMatch(/^00Q/);
      expect(double.org.get("Lead", lead.externalId!)).toMatchObject({ LastName: "Dana Buyer", Company: account.name, Title: "Support plan", OwnerId: sellerSfId });
      expect([...double.org.table("Lead").values()].filter((row) => row[CSQL_KEY_FIELD] === asLead.id)).toHaveLength(1);
    } finally {
      await updateMapping(context, { ...settings.mapping, csqlTarget: settings.csqlTarget });
    }
  });
});
