import { describe, expect, it } from "vitest";
import pg from "pg";
import { db } from "@/lib/db/client.ts";
import { makeAccount, setHolder } from "@/lib/domain/accounts/testing.ts";
import { makeTokenUser, makeUser, unique } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as route from "@/app/api/v1/team-performance/route.ts";
import * as csvRoute from "@/app/api/v1/team-performance.csv/route.ts";
import { getTeamPerformance } from "./queries.ts";
import { teamPerformanceQuery } from "./schemas.ts";

/**
 * A manager's team of three CSMs over a dozen accounts, parents and children, with a health score,
 * an NPS (both scores), a picklist stage and ARR, some accounts without values.
 */
async function world() {
  const manager = await makeUser("csm_manager");
  const csms = [];
  for (let i = 0; i < 3; i++) {
    const csm = await makeUser("csm");
    await db.user.update({ where: { id: csm.id }, data: { managerId: manager.id } });
    csms.push(csm);
  }
  const health = `health_${unique()}`;
  const nps = `nps_${unique()}`;
  const stage = `stage_${unique()}`;
  await db.accountField.createMany({ data: [
    { key: health, label: `Health ${health}`, type: "number", score: true },
    { key: nps, label: `NPS ${nps}`, type: "number", score: true },
    { key: stage, label: `Stage ${stage}`, type: "picklist", options: ["onboarding", "adoption", "renewal", "at risk"] },
  ] });
  const segment = `Seg${unique()}`;
  const plan: { csm: number; parent: number | null; arr: number | null; health: number | null; nps: number | null; stage: string | null; segment?: string }[] = [
    { csm: 0, parent: null, arr: 120000, health: 80, nps: 50, stage: "adoption" },
    { csm: 0, parent: 0, arr: 1000.5, health: 33, nps: null, stage: "at risk", segment },
    { csm: 0, parent: null, arr: null, health: null, nps: -20, stage: "adoption" },
    { csm: 1, parent: null, arr: 50000, health: 10, nps: -100, stage: "at risk", segment },
    { csm: 1, parent: 3, arr: 7, health: 11, nps: 0, stage: null },
    { csm: 1, parent: 3, arr: 24000, health: 12.5, nps: 100, stage: "renewal" },
    { csm: 1, parent: null, arr: 99.99, health: null, nps: null, stage: "onboarding", segment },
  ];
  const ids: string[] = [];
  for (const row of plan) {
    const account = await makeAccount({ parentId: row.parent === null ? null : ids[row.parent], arr: row.arr ?? undefined, segment: row.segment });
    ids.push(account.id);
    await setHolder(account.id, "csm", csms[row.csm].id);
    const values = [
      row.health === null ? null : { accountId: account.id, fieldKey: health, num: row.health },
      row.nps === null ? null : { accountId: account.id, fieldKey: nps, num: row.nps },
      row.stage === null ? null : { accountId: account.id, fieldKey: stage, text: row.stage },
    ].filter((value) => value !== null);
    await db.accountFieldValue.createMany({ data: values });
  }
  return { manager, csms, health, nps, stage, segment };
}

/** The same figures by a different road: one plain query per person, no CTEs, no JSON aggregation. */
async function recount(userId: string, keys: { health: string; nps: string; stage: string }, where: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const base = `FROM accounts a WHERE a.id IN (SELECT account_id FROM account_role_assignments WHERE role_key = 'csm' AND user_id = $1) ${where}`;
    const totals = await client.query(`SELECT count(*)::int AS n, coalesce(sum(a.arr), 0)::text AS arr ${base}`, [userId]);
    const avg = async (key: string) => {
      const { rows } = await client.query(`SELECT sum(v.num)::float8 / nullif(count(v.num), 0) AS avg ${base.replace("FROM accounts a", "FROM accounts a JOIN account_field_values v ON v.account_id = a.id AND v.field_key = $2")}`, [userId, key]);
      return rows[0].avg === null ? null : Math.round(rows[0].avg * 100) / 100;
    };
    const spread = await client.query(`SELECT v.text, count(*)::int AS n ${base.replace("FROM accounts a", "FROM accounts a JOIN account_field_values v ON v.account_id = a.id AND v.field_key = $2")} GROUP BY v.text`, [userId, keys.stage]);
    const arr = Number(totals.rows[0].arr);
    return {
      accounts: totals.rows[0].n, arr, mrr: Math.round((arr / 12) * 100) / 100,
      scores: { [keys.health]: await avg(keys.health), [keys.nps]: await avg(keys.nps) },
      counts: { [keys.stage]: Object.fromEntries(spread.rows.map((row) => [row.text, row.n])) },
    };
  } finally {
    await client.end();
  }
}

describe("team performance", () => {
  it("matches an independent recount per CSM, with and without children, by segment", async () => {
    const { manager, csms, health, nps, stage, segment } = await world();
    const leader = await makeUser("leader");
    const variants: [Record<string, string>, string][] = [
      [{}, ""],
      [{ parentsOnly: "true" }, "AND a.parent_id IS NULL"],
      [{ segment }, `AND a.segment = '${segment}'`],
    ];
    for (const [params, where] of variants) {
      const result = await getTeamPerformance(leader, teamPerformanceQuery.parse({ managerId: manager.id, ...params }));
      expect(result.items.map((item) => item.user.id).sort()).toEqual(csms.map((csm) => csm.id).sort());
      for (const item of result.items) {
        const expected = await recount(item.user.id, { health, nps, stage }, where);
        expect({ accounts: item.accounts, arr: item.arr, mrr: item.mrr, scores: { [health]: item.scores[health], [nps]: item.scores[nps] }, counts: { [stage]: item.counts[stage] } },
          `${JSON.stringify(params)} ${item.user.name}`).toEqual(expected);
      }
    }
    // And by hand, for the first CSM with children counted: 3 accounts, ARR 121,000.50, health (80+33)/2.
    const all = await getTeamPerformance(leader, teamPerformanceQuery.parse({ managerId: manager.id }));
    const first = all.items.find((item) => item.user.id === csms[0].id)!;
    expect(first).toMatchObject({ accounts: 3, arr: 121000.5, mrr: 10083.38, scores: { [health]: 56.5, [nps]: 15 }, counts: { [stage]: { adoption: 2, "at risk": 1 } } });
    const empty = all.items.find((item) => item.user.id === csms[2].id)!;
    expect(empty).toMatchObject({ accounts: 0, arr: 0, mrr: 0, scores: { [health]: null }, counts: { [stage]: {} } });
  });

  it("answers GET /team-performance for leaders, managers, finance and admins only", async () => {
    const { manager, csms } = await world();
    for (const profile of ["leader", "csm_manager", "finance", "admin"] as const) {
      const { token } = await makeTokenUser(profile);
      const response = await call(route.GET, { token, path: `/team-performance?role=csm&parentsOnly=false&managerId=${manager.id}` });
      expect(response.status, profile).toBe(200);
      expect(response.body.items).toHaveLength(csms.length);
    }
    for (const profile of ["csm", "sa", "sales_ops"] as const) {
      const { token } = await makeTokenUser(profile);
      expect((await call(route.GET, { token, path: "/team-performance" })).status, profile).toBe(403);
    }
    const { token } = await makeTokenUser("leader");
    expect((await call(route.GET, { token, path: "/team-performance?role=nosuch" })).status).toBe(400);
  });

  it("exports the same figures as CSV", async () => {
    const { manager, csms, health, stage } = await world();
    const { token } = await makeTokenUser("finance");
    const response = await csvRoute.GET(new Request(`http://roster.test/api/v1/team-performance.csv?managerId=${manager.id}`, {
      headers: { authorization: `Bearer ${token}` },
    }), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    const [header, ...lines] = (await response.text()).trim().split(/\r?\n/);
    const columns = header.split(",");
    const first = lines.map((line) => line.split(",")).find((cells) => cells[0] === csms[0].id)!;
    const cell = (name: string) => first[columns.indexOf(name)];
    expect([cell("accounts"), cell("arr"), cell("mrr"), cell(`avg_${health}`), cell(`${stage}: adoption`), cell(`${stage}: at risk`)])
      .toEqual(["3", "121000.5", "10083.38", "56.5", "2", "1"]);
  });
});
