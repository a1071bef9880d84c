import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeUser } from "@/test/factories.ts";
import { REVIEW_FLAGS } from "./review-constants.ts";
import { compReview } from "./review-queries.ts";
import { COMP_FLAGS } from "./schemas.ts";
import { compStandings } from "./standings.ts";
import { listUnattributedActivities } from "./unattributed-activities.ts";
import { account, activity, opportunity } from "./test-fixtures.ts";

// Periods of their own (2008), so rows other test files create never land in them.
describe("the comp review screen", () => {
  it("pages the filtered rows and sums credit per CSM and per primary SA in SQL", async () => {
    const period = { from: "2008-06-01", to: "2008-06-30" };
    const finance = await makeUser("finance");
    const [alice, bob, sa, helper] = [await makeUser("csm"), await makeUser("csm"), await makeUser("sa"), await makeUser("sa")];
    const accountId = await account();
    const ids = {
      a1: await opportunity(accountId, { closedAt: "2008-06-02T00:00:00Z", amount: "0.10", csmId: alice.id, primarySaId: sa.id }),
      a2: await opportunity(accountId, { closedAt: "2008-06-03T00:00:00Z", amount: "0.20", csmId: alice.id, supporting: [helper.id] }),
      b1: await opportunity(accountId, { closedAt: "2008-06-04T00:00:00Z", amount: "1000000000000.01", csmId: bob.id, primarySaId: sa.id, csmOverridden: true }),
      none: await opportunity(accountId, { closedAt: "2008-06-05T00:00:00Z", amount: "5" }),
    };
    await opportunity(accountId, { closedAt: "2008-07-01T00:00:00Z", amount: "7", csmId: alice.id });

    const all = await compReview(finance, period, { limit: 2 });
    expect(all.period).toEqual({ count: 4, amount: "1000000000005.31" });
    expect(all.matching).toEqual(all.period);
    expect(all.rows.map((row) => row.opportunity.id)).toEqual([ids.a1, ids.a2]);
    expect(all.nextCursor).toEqual(expect.any(String));
    const second = await compReview(finance, period, { limit: 2, cursor: all.nextCursor! });
    expect(second.rows.map((row) => row.opportunity.id)).toEqual([ids.b1, ids.none]);
    expect(second.nextCursor).toBeNull();
    // Totals are the period's on every page.
    expect(second.period).toEqual(all.period);

    expect(all.flagCounts).toEqual({ missing_csm: 1, missing_primary_sa: 2, supporting_sa_activity: 0, csm_overridden: 1 });
    expect(all.csmTotals.map((total) => [total.user?.id ?? null, total.amount, total.count])).toEqual([
      [bob.id, "1000000000000.01", 1], [null, "5.00", 1], [alice.id, "0.30", 2],
    ]);
    expect(all.saTotals.map((total) => [total.user?.id ?? null, total.amount, total.count])).toEqual([
      [sa.id, "1000000000000.11", 2], [null, "5.20", 2],
    ]);
    expect(all.reps.map((rep) => rep.id).sort()).toEqual([alice.id, bob.id, sa.id, helper.id].sort());

    expect(all.fromCsqls).toEqual({ count: 0, amount: "0" });

    const byAmount = await compReview(finance, period, { sort: "amount", desc: true });
    expect(byAmount.rows.map((row) => row.opportunity.id)).toEqual([ids.b1, ids.none, ids.a2, ids.a1]);

    // Keyset pages in every order, one row at a time: the same rows as one page, none twice.
    for (const [sort, desc] of [["amount", true], ["amount", false], ["closedAt", true], ["closedAt", false]] as const) {
      const whole = (await compReview(finance, period, { sort, desc })).rows.map((row) => row.opportunity.id);
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await compReview(finance, period, { sort, desc, limit: 1, cursor });
        paged.push(...page.rows.map((row) => row.opportunity.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(paged, `${sort} ${desc ? "desc" : "asc"}`).toEqual(whole);
    }
    // A cursor of one order is refused by another.
    await expect(compReview(finance, period, { sort: "amount", limit: 1, cursor: all.nextCursor! })).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("filters by flag and by rep (as CSM, primary SA or supporting SA), totals staying the period's", async () => {
    const period = { from: "2008-08-01", to: "2008-08-31" };
    const leader = await makeUser("leader");
    const [alice, sa, helper] = [await makeUser("csm"), await makeUser("sa"), await makeUser("sa")];
    const accountId = await account();
    const clean = await opportunity(accountId, { closedAt: "2008-08-02T00:00:00Z", amount: "10", csmId: alice.id, primarySaId: sa.id });
    const noSa = await opportunity(accountId, { closedAt: "2008-08-03T00:00:00Z", amount: "20", csmId: alice.id, supporting: [helper.id] });
    const noCsm = await opportunity(accountId, { closedAt: "2008-08-04T00:00:00Z", amount: "30", primarySaId: sa.id });

    const ids = async (query: Parameters<typeof compReview>[2]) =>
      (await compReview(leader, period, query)).rows.map((row) => row.opportunity.id);
    expect(await ids({ flag: "missing_primary_sa" })).toEqual([noSa]);
    expect(await ids({ flag: "missing_csm" })).toEqual([noCsm]);
    expect(await ids({ flag: "flagged" })).toEqual([noSa, noCsm]);
    expect(await ids({ flag: "clean" })).toEqual([clean]);
    expect(await ids({ repId: alice.id })).toEqual([clean, noSa]);
    expect(await ids({ repId: sa.id })).toEqual([clean, noCsm]);
    expect(await ids({ repId: helper.id })).toEqual([noSa]);
    expect(await ids({ repId: helper.id, flag: "clean" })).toEqual([]);
    const filtered = await compReview(leader, period, { repId: sa.id });
    expect(filtered.matching).toEqual({ count: 2, amount: "40.00" });
    expect(filtered.period).toEqual({ count: 3, amount: "60.00" });
    // A flag filter that reads every row's flags counts them in the same query: the same flag
    // counts and reps as without it.
    const whole = await compReview(leader, period, {});
    const flagged = await compReview(leader, period, { flag: "flagged" });
    expect(flagged.flagCounts).toEqual(whole.flagCounts);
    expect(flagged.reps).toEqual(whole.reps);
  });

  it("pages through tied and missing amounts in every order, and filters on the supporting-SA flag", async () => {
    const period = { from: "2008-10-01", to: "2008-10-31" };
    const finance = await makeUser("finance");
    const [csm, sa, helper] = [await makeUser("csm"), await makeUser("sa"), await makeUser("sa")];
    const accountId = await account();
    const day = (d: number) => `2008-10-${String(d).padStart(2, "0")}T00:00:00Z`;
    const ids = [
      await opportunity(accountId, { closedAt: day(2), amount: "5", csmId: csm.id, primarySaId: sa.id }),
      await opportunity(accountId, { closedAt: day(2), amount: "5", csmId: csm.id, primarySaId: sa.id }),
      await opportunity(accountId, { closedAt: day(3), csmId: csm.id, primarySaId: sa.id }),
      await opportunity(accountId, { closedAt: day(4), csmId: csm.id, primarySaId: sa.id }),
      await opportunity(accountId, { closedAt: day(5), amount: "0", csmId: csm.id, primarySaId: sa.id, supporting: [helper.id] }),
      await opportunity(accountId, { closedAt: day(6), amount: "7", csmId: csm.id, primarySaId: sa.id, supporting: [helper.id] }),
    ];
    await activity(helper.id, accountId, day(1), ids[5]);
    for (const [sort, desc] of [["amount", true], ["amount", false], ["closedAt", true], ["closedAt", false]] as const) {
      const whole = (await compReview(finance, period, { sort, desc })).rows.map((row) => row.opportunity.id);
      expect(new Set(whole)).toEqual(new Set(ids));
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await compReview(finance, period, { sort, desc, limit: 2, cursor });
        paged.push(...page.rows.map((row) => row.opportunity.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(paged, `${sort} ${desc ? "desc" : "asc"}`).toEqual(whole);
    }
    expect((await compReview(finance, period, { sort: "amount", desc: true })).rows.map((row) => row.opportunity.id).slice(-2)).toEqual([ids[2], ids[3]]);

    const supported = await compReview(finance, period, { flag: "supporting_sa_activity", limit: 1 });
    expect(supported.rows.map((row) => row.opportunity.id)).toEqual([ids[5]]);
    expect(supported.nextCursor).toBeNull();
    expect(supported.matching).toEqual({ count: 1, amount: "7.00" });
    expect(supported.flagCounts.supporting_sa_activity).toBe(1);
    const clean = await compReview(finance, period, { flag: "clean", limit: 4 });
    // The two closed the same day go by id.
    expect(clean.rows.map((row) => row.opportunity.id)).toEqual([...ids.slice(0, 2).sort(), ids[2], ids[3]]);
    expect(clean.matching.count).toBe(5);
    const next = await compReview(finance, period, { flag: "clean", limit: 4, cursor: clean.nextCursor! });
    expect(next.rows.map((row) => row.opportunity.id)).toEqual([ids[4]]);
    expect(next.nextCursor).toBeNull();
  });

  it("offers the contract's flags as filters", () => {
    expect([...REVIEW_FLAGS]).toEqual([...COMP_FLAGS]);
  });

  it("is for comp readers", async () => {
    for (const profile of ["csm", "sa", "csm_manager", "sales_ops"] as const) {
      await expect(compReview(await makeUser(profile), { from: "2008-08-01", to: "2008-08-31" })).rejects.toMatchObject({ code: "forbidden" });
    }
  });
});

describe("President's Club standings", () => {
  it("ranks credited closed-won amount per CSM and per primary SA over the period, ties sharing a rank", async () => {
    const period = { from: "2007-02-01", to: "2008-01-31" };
    const finance = await makeUser("finance");
    const [top, tied1, tied2, sa] = [await makeUser("csm"), await makeUser("csm"), await makeUser("csm"), await makeUser("sa")];
    const accountId = await account();
    await opportunity(accountId, { closedAt: "2007-02-01T00:00:00Z", amount: "100.50", csmId: top.id, primarySaId: sa.id });
    await opportunity(accountId, { closedAt: "2008-01-31T23:59:59Z", amount: "100.50", csmId: top.id });
    await opportunity(accountId, { closedAt: "2007-06-01T00:00:00Z", amount: "50", csmId: tied1.id, primarySaId: sa.id });
    await opportunity(accountId, { closedAt: "2007-06-01T00:00:00Z", amount: "50", csmId: tied2.id });
    // Not credit: lost, merged, or outside the year.
    const survivor = await opportunity(accountId, { closedAt: "2007-03-01T00:00:00Z", amount: "1", csmId: tied1.id });
    await opportunity(accountId, { closedAt: "2007-03-01T00:00:00Z", amount: "999", csmId: tied2.id, mergedIntoId: survivor });
    await opportunity(accountId, { stage: "closed_lost", closedAt: "2007-03-01T00:00:00Z", amount: "999", csmId: tied2.id });
    await opportunity(accountId, { closedAt: "2008-02-01T00:00:00Z", amount: "999", csmId: tied2.id });

    const standings = await compStandings(finance, period);
    const mine = (rows: typeof standings.csms) => rows.filter((row) => [top.id, tied1.id, tied2.id, sa.id].includes(row.user.id));
    expect(mine(standings.csms).map((row) => [row.user.id, row.amount, row.count])).toEqual([
      [top.id, "201.00", 2], ...[[tied1.id, "51.00", 2], [tied2.id, "50.00", 1]],
    ]);
    const ranks = new Map(standings.csms.map((row) => [row.user.id, row.rank]));
    expect(ranks.get(top.id)! < ranks.get(tied1.id)!).toBe(true);
    expect(mine(standings.sas).map((row) => [row.user.id, row.amount, row.count])).toEqual([[sa.id, "150.50", 2]]);
  });

  it("gives equal amounts the same rank", async () => {
    const period = { from: "2006-02-01", to: "2007-01-31" };
    const [a, b] = [await makeUser("csm"), await makeUser("csm")];
    const accountId = await account();
    await opportunity(accountId, { closedAt: "2006-05-01T00:00:00Z", amount: "75", csmId: a.id });
    await opportunity(accountId, { closedAt: "2006-05-02T00:00:00Z", amount: "75", csmId: b.id });
    const { csms } = await compStandings(await makeUser("leader"), period);
    const ranks = csms.filter((row) => row.user.id === a.id || row.user.id === b.id).map((row) => row.rank);
    expect(ranks).toHaveLength(2);
    expect(ranks[0]).toBe(ranks[1]);
  });
});

describe("unattributed activities", () => {
  it("lists account-level activities in the period that no opportunity's lifetime holds", async () => {
    const period = { from: "2008-09-01", to: "2008-09-30" };
    const [finance, sa] = [await makeUser("finance"), await makeUser("sa")];
    const accountId = await account();
    const opp = await opportunity(accountId, { createdAt: "2008-09-10T00:00:00Z", closedAt: "2008-09-20T00:00:00Z" });
    await activity(sa.id, accountId, "2008-09-05T00:00:00Z"); // before the opportunity existed
    await activity(sa.id, accountId, "2008-09-15T00:00:00Z"); // inside its lifetime
    await activity(sa.id, accountId, "2008-09-25T00:00:00Z"); // after it closed
    await activity(sa.id, accountId, "2008-09-05T00:00:00Z", opp); // logged to it: always counts
    await activity(sa.id, accountId, "2008-10-05T00:00:00Z"); // outside the period

    const { items, total } = await listUnattributedActivities(finance, period);
    const mine = items.filter((item) => item.account.id === accountId);
    expect(mine.map((item) => item.occurredAt)).toEqual(["2008-09-25T00:00:00.000Z", "2008-09-05T00:00:00.000Z"]);
    expect(mine[0]).toMatchObject({ user: { id: sa.id }, type: "meeting", reason: expect.stringContaining("2008-09-25") });
    expect(total).toBeGreaterThanOrEqual(2);
    await expect(listUnattributedActivities(sa, period)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("shows closed won that came from converted CSQLs as its own figure, and who raised each", async () => {
    const period = { from: "2008-10-01", to: "2008-10-31" };
    const finance = await makeUser("finance");
    const raiser = await makeUser("csm");
    const accountId = await account();
    const fromLead = await opportunity(accountId, { closedAt: "2008-10-02T00:00:00Z", amount: "1200.50", csmId: raiser.id });
    const plain = await opportunity(accountId, { closedAt: "2008-10-03T00:00:00Z", amount: "99", csmId: raiser.id });
    const csql = await db.csql.create({
      data: { accountId, title: "Lead", kind: "expansion", createdBy: raiser.id, status: "converted", opportunityId: fromLead },
      select: { id: true },
    });
    const review = await compReview(finance, period);
    expect(review.fromCsqls).toEqual({ count: 1, amount: "1200.50" });
    const byId = new Map(review.rows.map((row) => [row.opportunity.id, row]));
    expect(byId.get(fromLead)?.csql).toEqual({ id: csql.id, raisedBy: expect.objectContaining({ id: raiser.id }) });
    expect(byId.get(plain)?.csql).toBeUndefined();
  });
});
