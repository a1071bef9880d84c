import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { getWorkloadTrend } from "./trend.ts";

/** The 15th of the month `monthsAgo` months before this one, UTC: safely inside that month. */
function midMonth(monthsAgo: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 15, 12));
}

async function account(fields: { arr: string; parentId?: string; segment?: string }) {
  return (await db.account.create({
    data: { name: `Trend ${unique()}`, arr: fields.arr, parentId: fields.parentId, segment: fields.segment },
    select: { id: true },
  })).id;
}

/** One `team.<role>` audit entry, as the assignment code writes them. */
async function moved(accountId: string, field: string, from: string | null, to: string | null, monthsAgo: number) {
  await db.auditEntry.create({
    data: { at: midMonth(monthsAgo), source: "ui", entityType: "account", entityId: accountId, field, fromValue: from, toValue: to },
  });
}

describe("workload trend, replayed from the audit trail", () => {
  it("counts an account for its holder at each month end: A before a mid-year move, B after", async () => {
    const leader = await makeUser("leader");
    const a = await makeUser("csm");
    const b = await makeUser("csm");
    const segment = `seg-${unique()}`;
    const x = await account({ arr: "100", segment });
    const y = await account({ arr: "10", parentId: x });
    const z = await account({ arr: "1", segment });

    // x: A from 9 months ago, B from 5 months ago (its SA history must not count for the CSM trend).
    await moved(x, "team.csm", null, a.id, 9);
    await moved(x, "team.sa", null, b.id, 10);
    await moved(x, "name", "Old", "New", 6);
    await moved(x, "team.csm", a.id, b.id, 5);
    // y (a child of x): A all year.
    await moved(y, "team.csm", null, a.id, 11);
    // z: waiting for someone who did not exist yet (counts for nobody), then A, then nobody.
    await moved(z, "team.csm", null, `pending:${unique()}@example.com`, 10);
    await moved(z, "team.csm", `pending:someone@example.com`, a.id, 7);
    await moved(z, "team.csm", a.id, null, 3);

    const trend = await getWorkloadTrend(leader, { role: "csm", userIds: [a.id, b.id] });
    expect(trend.months).toHaveLength(12);
    expect(trend.months[11]).toBe(new Date().toISOString().slice(0, 7));
    const [forA, forB] = trend.series;
    // Month index i is 11 - i months ago.
    expect(forA.points.map((p) => p.accounts)).toEqual([1, 1, 2, 2, 3, 3, 2, 2, 1, 1, 1, 1]);
    expect(forA.points.map((p) => p.arr)).toEqual([10, 10, 110, 110, 111, 111, 11, 11, 10, 10, 10, 10]);
    expect(forB.points.map((p) => p.accounts)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect(forB.points.map((p) => p.arr)).toEqual([0, 0, 0, 0, 0, 0, 100, 100, 100, 100, 100, 100]);

    const parents = await getWorkloadTrend(leader, { role: "csm", userIds: [a.id], parentsOnly: true });
    expect(parents.series[0].points.map((p) => p.accounts)).toEqual([0, 0, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0]);
    const inSegment = await getWorkloadTrend(leader, { role: "csm", userIds: [a.id], segment });
    expect(inSegment.series[0].points.map((p) => p.arr)).toEqual([0, 0, 100, 100, 101, 101, 1, 1, 0, 0, 0, 0]);

    const sa = await getWorkloadTrend(leader, { role: "sa", userIds: [b.id], months: 3 });
    expect(sa.series[0].points.map((p) => p.accounts)).toEqual([1, 1, 1]);
  });

  it("returns empty series without reps", async () => {
    const leader = await makeUser("leader");
    const trend = await getWorkloadTrend(leader, { role: "csm", userIds: [], months: 6 });
    expect(trend).toMatchObject({ series: [] });
    expect(trend.months).toHaveLength(6);
  });
});
