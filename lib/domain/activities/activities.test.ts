import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { mergeOpportunity } from "@/lib/domain/opportunities/merge-opportunity.ts";
import { insertOpportunity, makeAccountWithTeam } from "@/lib/domain/opportunities/testing.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { attributedOpportunities } from "./attribution.ts";
import { logActivity } from "./log-activity.ts";
import { listActivities } from "./queries.ts";

const at = (day: string) => new Date(`${day}T12:00:00Z`);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

async function setup() {
  const ops = asContext(await makeUser("sales_ops"));
  const sa = await makeUser("sa");
  const account = await makeAccountWithTeam({ saId: sa.id });
  const log = (occurredAt: string, opportunityId?: string) =>
    logActivity(ops, { userId: sa.id, accountId: account.id, opportunityId, occurredAt: `${occurredAt}T12:00:00Z`, type: "meeting" });
  return { ops, sa, account, log };
}

describe("activity attribution", () => {
  it("follows merges, at any depth, to the surviving opportunity", async () => {
    const { ops, account, log } = await setup();
    const [a, b, c] = await Promise.all(["A", "B", "C"].map((name) => insertOpportunity({ accountId: account.id, name })));
    const activity = await log("2025-01-10", a.id);
    expect(activity.attributedOpportunityId).toBe(a.id);
    await mergeOpportunity(ops, a.id, b.id);
    await mergeOpportunity(ops, b.id, c.id);
    const now = await attributedOpportunities(db, { activityIds: [activity.id] });
    expect(now.get(activity.id)).toEqual({ activityId: activity.id, opportunityId: c.id, via: "merge" });
    // Comp asks the other way round: what counts for C?
    const forC = await attributedOpportunities(db, { opportunityIds: [c.id] });
    expect([...forC.keys()]).toEqual([activity.id]);
    expect((await attributedOpportunities(db, { opportunityIds: [a.id] })).size).toBe(0);
  });

  it("gives an account-level activity to the opportunity open then that closed soonest after it", async () => {
    const { account, log } = await setup();
    const long = await insertOpportunity({ accountId: account.id, stage: "closed_won", createdAt: at("2024-01-01"), closedAt: at("2024-03-01") });
    const short = await insertOpportunity({ accountId: account.id, stage: "closed_lost", createdAt: at("2024-01-15"), closedAt: at("2024-02-15") });
    const open = await insertOpportunity({ accountId: account.id, createdAt: at("2024-01-10"), closeDate: "2030-01-01" });
    const sooner = await insertOpportunity({ accountId: account.id, createdAt: at("2024-03-10"), closeDate: "2029-01-01" });
    // Merged ones never count, even when they would close soonest.
    const merged = await insertOpportunity({ accountId: account.id, stage: "closed_lost", createdAt: at("2024-01-01"), closedAt: at("2024-02-02") });
    await db.opportunity.update({ where: { id: merged.id }, data: { mergedIntoId: long.id } });

    expect((await log("2024-02-01")).attributedOpportunityId).toBe(short.id);
    expect((await log("2024-02-20")).attributedOpportunityId).toBe(long.id);
    expect((await log("2024-03-05")).attributedOpportunityId).toBe(open.id);
    // Both open: they close "now" alike, so the earlier close date wins.
    expect((await log("2024-04-01")).attributedOpportunityId).toBe(sooner.id);
    expect((await log("2023-12-01")).attributedOpportunityId).toBeNull();
  });

  it("lists what counts for an opportunity, with the reason in words", async () => {
    const { ops, account, log } = await setup();
    const survivor = await insertOpportunity({ accountId: account.id, name: "Survivor", createdAt: at("2024-01-01") });
    const duplicate = await insertOpportunity({ accountId: account.id, name: "Duplicate", createdAt: at("2024-01-01") });
    const direct = await log("2024-05-01", survivor.id);
    const viaMerge = await log("2024-05-02", duplicate.id);
    const onAccount = await log("2024-05-03");
    const before = await log("2023-05-03");
    await mergeOpportunity(ops, duplicate.id, survivor.id);

    const listed = await listActivities(ops.actor, { opportunityId: survivor.id, limit: 2 });
    expect(listed.items.map((item) => [item.id, item.attributedVia, item.reason])).toEqual([
      [onAccount.id, "lifetime", "Logged to the account on 2024-05-03."],
      [viaMerge.id, "merge", 'Logged to merged opportunity "Duplicate".'],
    ]);
    const rest = await listActivities(ops.actor, { opportunityId: survivor.id, limit: 2, cursor: listed.nextCursor! });
    expect(rest.items.map((item) => [item.id, item.reason])).toEqual([[direct.id, "Logged to this opportunity."]]);
    expect(rest.nextCursor).toBeNull();

    const onAccountList = await listActivities(ops.actor, { accountId: account.id, limit: 10 });
    expect(onAccountList.items.map((item) => item.id)).toEqual([onAccount.id, viaMerge.id, direct.id, before.id]);
    expect(onAccountList.items.at(-1)?.reason).toBe("Logged to the account on 2023-05-03; no opportunity was open then.");
  });
});

describe("logging an activity", () => {
  it("an sa logs only for themselves; privileged profiles for anyone; others not at all", async () => {
    const { sa, account } = await setup();
    const input = { accountId: account.id, occurredAt: daysAgo(30), type: "call" };
    expect((await logActivity(asContext(sa), { ...input, userId: sa.id })).userId).toBe(sa.id);
    const other = await makeUser("sa");
    await expect(logActivity(asContext(sa), { ...input, userId: other.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(logActivity(asContext(await makeUser("csm")), { ...input, userId: sa.id })).rejects.toMatchObject({ code: "forbidden" });
    const finance = asContext(await makeUser("finance"));
    const logged = await logActivity(finance, { ...input, userId: other.id, subject: "Kickoff" });
    const stored = await db.activity.findUniqueOrThrow({ where: { id: logged.id } });
    expect(stored).toMatchObject({ createdBy: finance.actor.id, subject: "Kickoff", type: "call" });
  });

  it("refuses dates in the future, and a rep's dates more than a year back", async () => {
    const { ops, sa, account } = await setup();
    const input = { userId: sa.id, accountId: account.id, type: "call" };
    const future = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    for (const context of [asContext(sa), ops]) {
      await expect(logActivity(context, { ...input, occurredAt: future })).rejects.toMatchObject({
        code: "invalid_request", details: { fields: { occurredAt: expect.stringContaining("future") } },
      });
    }
    // A minute ahead is clock skew, not the future.
    await expect(logActivity(asContext(sa), { ...input, occurredAt: new Date(Date.now() + 60_000).toISOString() })).resolves.toBeTruthy();
    await expect(logActivity(asContext(sa), { ...input, occurredAt: daysAgo(400) })).rejects.toMatchObject({
      code: "invalid_request", details: { fields: { occurredAt: expect.stringContaining("one year") } },
    });
    await expect(logActivity(asContext(sa), { ...input, occurredAt: daysAgo(300) })).resolves.toBeTruthy();
    // Privileged profiles record older history (corrections, backfills).
    await expect(logActivity(ops, { ...input, occurredAt: daysAgo(400) })).resolves.toBeTruthy();
  });

  it("leaves closed opportunities of an approved comp period to privileged profiles", async () => {
    const { ops, sa, account } = await setup();
    const closedAt = new Date(Date.now() - 20 * 86_400_000);
    const day = closedAt.toISOString().slice(0, 10);
    const settled = await insertOpportunity({ accountId: account.id, stage: "closed_won", createdAt: new Date(Date.now() - 90 * 86_400_000), closedAt });
    const input = { userId: sa.id, accountId: account.id, occurredAt: daysAgo(25), type: "call" };
    // Before approval the SA may log on it.
    await expect(logActivity(asContext(sa), { ...input, opportunityId: settled.id })).resolves.toBeTruthy();
    const approver = await makeUser("finance");
    await db.$executeRaw`INSERT INTO comp_approvals (period_from, period_to, approved_by, row_count, total)
      VALUES (${day}::date, ${day}::date, ${approver.id}::uuid, 1, 0)`;
    const before = await db.activity.count({ where: { accountId: account.id } });
    await expect(logActivity(asContext(sa), { ...input, opportunityId: settled.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(logActivity(ops, { ...input, opportunityId: settled.id })).resolves.toBeTruthy();
    expect(await db.activity.count({ where: { accountId: account.id } })).toBe(before + 1);
  });

  it("refuses an opportunity of another account and unknown references", async () => {
    const { ops, sa, account } = await setup();
    const elsewhere = await makeAccountWithTeam();
    const theirs = await insertOpportunity({ accountId: elsewhere.id });
    const input = { userId: sa.id, accountId: account.id, occurredAt: "2025-01-01T09:00:00Z", type: "call" };
    await expect(logActivity(ops, { ...input, opportunityId: theirs.id })).rejects.toMatchObject({
      code: "invalid_request", details: { fields: { opportunityId: expect.any(String) } },
    });
    await expect(logActivity(ops, { ...input, opportunityId: crypto.randomUUID() })).rejects.toMatchObject({ code: "not_found" });
    await expect(logActivity(ops, { ...input, accountId: crypto.randomUUID() })).rejects.toMatchObject({ code: "not_found" });
    await expect(logActivity(ops, { ...input, userId: crypto.randomUUID() })).rejects.toMatchObject({ code: "not_found" });
  });
});
