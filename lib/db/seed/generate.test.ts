import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate.ts";
import { seedDemo } from "./demo.ts";
import { generateDataset, type GenerateOptions } from "./generate.ts";
import { withClient } from "@/lib/db/with-client.ts";

// The shared test database holds other tests' rows, and the generator needs an empty one: each
// test here gets its own database on the same server, dropped at the end.
const databases: string[] = [];
const serverUrl = () => process.env.DATABASE_URL!;

async function freshDatabase(): Promise<string> {
  const name = `seedtest_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  await withClient(serverUrl(), (client) => client.query(`CREATE DATABASE ${name}`));
  databases.push(name);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return url.toString();
}

afterAll(async () => {
  await withClient(serverUrl(), async (client) => {
    for (const name of databases) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
});

const rows = <T extends Record<string, unknown>>(url: string, sql: string) => withClient(url, async (c) => (await c.query<T>(sql)).rows);
const count = async (url: string, sql: string) => Number((await rows<{ n: string }>(url, sql))[0].n);

const DEMO: GenerateOptions = { users: 40, accounts: 600, opportunities: 4000, seed: 42, demo: true, passwordHash: "not-a-real-hash", asOf: new Date("2026-03-01T00:00:00Z") };

describe("generateDataset", () => {
  let demoUrl: string;

  it("loads the demo org: the fixed sign-ins, about 40 people, 600 accounts, 4000 opportunities", async () => {
    demoUrl = await freshDatabase();
    const result = await generateDataset(demoUrl, DEMO);
    expect(result).toMatchObject({ users: 40, accounts: 600, opportunities: 4000 });
    expect(result.activities).toBeGreaterThan(2000);
    expect(result.auditEntries).toBeGreaterThan(600);

    const fixed = await rows<{ email: string; name: string; profile: string; active: boolean }>(
      demoUrl, "SELECT email, name, profile::text, active FROM users WHERE email LIKE '%@demo.roster' AND position('.' IN split_part(email, '@', 1)) = 0 ORDER BY email");
    expect(fixed).toEqual([
      { email: "admin@demo.roster", name: "Ada Admin", profile: "admin", active: true },
      { email: "comp@demo.roster", name: "Carla Comp", profile: "sales_comp", active: true },
      { email: "csm@demo.roster", name: "Chris Sato", profile: "csm", active: true },
      { email: "finance@demo.roster", name: "Fiona Finance", profile: "finance", active: true },
      { email: "integration@demo.roster", name: "CRM Integration", profile: "integration", active: true },
      { email: "leader@demo.roster", name: "Lee Leader", profile: "leader", active: true },
      { email: "manager@demo.roster", name: "Maria Lopez", profile: "csm_manager", active: true },
      { email: "ops@demo.roster", name: "Oscar Ops", profile: "sales_ops", active: true },
      { email: "sa@demo.roster", name: "Sam Adeyemi", profile: "sa", active: true },
    ]);
    expect(await count(demoUrl, "SELECT count(*) n FROM users WHERE password_hash = 'not-a-real-hash'")).toBe(40);
    expect(await count(demoUrl, "SELECT count(*) n FROM users WHERE NOT active")).toBe(2);

    const book = (email: string, role: string) =>
      count(demoUrl, `SELECT count(*) n FROM account_role_assignments r JOIN users u ON u.id = r.user_id WHERE u.email = '${email}' AND r.role_key = '${role}'`);
    expect(await book("csm@demo.roster", "csm")).toBeGreaterThanOrEqual(22);
    expect(await book("csm@demo.roster", "csm")).toBeLessThanOrEqual(32);
    expect(await book("sa@demo.roster", "sa")).toBeGreaterThanOrEqual(18);
    expect(await book("sa@demo.roster", "sa")).toBeLessThanOrEqual(24);
    expect(await count(demoUrl, "SELECT count(*) n FROM users u JOIN users m ON m.id = u.manager_id WHERE m.email = 'manager@demo.roster' AND u.profile = 'csm'")).toBeGreaterThanOrEqual(4);

    const open = await count(demoUrl, "SELECT count(*) n FROM opportunities WHERE NOT is_closed");
    expect(open / 4000).toBeGreaterThan(0.25);
    expect(open / 4000).toBeLessThan(0.42);
    expect(await count(demoUrl, "SELECT count(DISTINCT stage) n FROM opportunities")).toBe(6);
    expect(await count(demoUrl, "SELECT count(*) n FROM accounts WHERE parent_id IS NOT NULL")).toBeGreaterThan(30);
  }, 120_000);

  it("stamps every open, non-overridden, unmerged opportunity with its account's CSM", async () => {
    expect(await count(demoUrl, `
      SELECT count(*) n FROM opportunities o
        LEFT JOIN account_role_assignments r ON r.account_id = o.account_id AND r.role_key = 'csm'
       WHERE NOT o.is_closed AND NOT o.csm_overridden AND o.merged_into_id IS NULL AND o.csm_id IS DISTINCT FROM r.user_id`)).toBe(0);
    // Overrides and merges exist, so the rule above is not vacuous.
    expect(await count(demoUrl, "SELECT count(*) n FROM opportunities WHERE csm_overridden AND NOT is_closed")).toBeGreaterThan(0);
    expect(await count(demoUrl, `
      SELECT count(*) n FROM opportunities o JOIN opportunities t ON t.id = o.merged_into_id
       WHERE o.stage = 'closed_lost' AND o.closed_at IS NOT NULL AND t.account_id = o.account_id`)).toBeGreaterThan(0);
  });

  it("gives children that inherit their CSM their parent's CSM", async () => {
    expect(await count(demoUrl, "SELECT count(*) n FROM accounts WHERE csm_inheritance = 'parent'")).toBeGreaterThan(10);
    expect(await count(demoUrl, `
      SELECT count(*) n FROM accounts c
        LEFT JOIN account_role_assignments rc ON rc.account_id = c.id AND rc.role_key = 'csm'
        LEFT JOIN account_role_assignments rp ON rp.account_id = c.parent_id AND rp.role_key = 'csm'
       WHERE c.csm_inheritance = 'parent' AND rc.user_id IS DISTINCT FROM rp.user_id`)).toBe(0);
  });

  it("assigns only active users whose profile the role allows", async () => {
    expect(await count(demoUrl, `
      SELECT count(*) n FROM account_role_assignments r
        JOIN account_roles ro ON ro.key = r.role_key JOIN users u ON u.id = r.user_id
       WHERE NOT u.active OR NOT (u.profile = ANY (ro.eligible_profiles))`)).toBe(0);
    expect(await count(demoUrl, `
      SELECT count(*) n FROM opportunities o LEFT JOIN users c ON c.id = o.csm_id LEFT JOIN users s ON s.id = o.primary_sa_id
       WHERE NOT o.is_closed AND (NOT c.active OR NOT s.active OR c.profile NOT IN ('csm', 'csm_manager') OR s.profile <> 'sa')`)).toBe(0);
  });

  it("writes an audit trail whose last entry per account and role is the current holder", async () => {
    expect(await count(demoUrl, `
      SELECT count(*) n FROM account_role_assignments r
        LEFT JOIN LATERAL (SELECT to_value FROM audit_entries a
                            WHERE a.entity_type = 'account' AND a.entity_id = r.account_id::text AND a.field = 'team.' || r.role_key
                            ORDER BY a.id DESC LIMIT 1) last ON true
       WHERE last.to_value IS DISTINCT FROM r.user_id::text`)).toBe(0);
    expect(await count(demoUrl, "SELECT count(*) n FROM audit_entries WHERE source = 'ui' AND field = 'team.csm'")).toBeGreaterThan(50);
    expect(await count(demoUrl, "SELECT count(*) n FROM audit_entries WHERE source = 'import'")).toBeGreaterThan(400);
    expect(await count(demoUrl, "SELECT count(*) n FROM (SELECT at < lag(at) OVER (ORDER BY id) AS back FROM audit_entries) x WHERE back")).toBe(0);
  });

  it("leaves the schema exactly as migrated (every index and constraint back, and validated)", async () => {
    const schema = `
      SELECT md5(string_agg(x, E'\\n' ORDER BY x)) AS n FROM (
        SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated::text AS x
          FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public') s`;
    const [fresh] = await rows<{ n: string }>(await freshDatabase(), schema);
    const [seeded] = await rows<{ n: string }>(demoUrl, schema);
    expect(seeded.n).toBe(fresh.n);
  }, 60_000);

  it("is deterministic: the same seed gives byte-identical data", async () => {
    const again = await freshDatabase();
    await generateDataset(again, DEMO);
    const digest = (url: string) =>
      rows<Record<string, string>>(url, `
        SELECT (SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM users t) AS users,
               (SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM accounts t) AS accounts,
               (SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM opportunities t) AS opportunities,
               (SELECT md5(string_agg(t::text, ',' ORDER BY t.account_id, t.role_key)) FROM account_role_assignments t) AS assignments,
               (SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM activities t) AS activities,
               -- txid is the writing transaction's number, not data: it differs between any two loads.
               (SELECT md5(string_agg((to_jsonb(t) - 'txid')::text, ',' ORDER BY t.id)) FROM audit_entries t) AS audit,
               (SELECT md5(string_agg(t::text, ',' ORDER BY t.account_id, t.field_key)) FROM account_field_values t) AS fields`);
    expect(await digest(again)).toEqual(await digest(demoUrl));
  }, 120_000);

  it("gives accounts the fields a CS team manages by: health 0–100, NPS −100..100, CSM rating 1–5, a lifecycle stage, a renewal date", async () => {
    const fields = await rows<{ key: string; type: string; score: boolean }>(demoUrl, "SELECT key, type::text, score FROM account_fields ORDER BY sort_order");
    expect(fields.map((field) => field.key)).toEqual(["health_score", "nps", "csm_rating", "lifecycle_stage", "renewal_date"]);
    const [ranges] = await rows<Record<string, string | number>>(demoUrl, `
      SELECT (SELECT count(*)::int FROM accounts) AS accounts,
        count(*) FILTER (WHERE field_key = 'lifecycle_stage')::int AS stages,
        count(*) FILTER (WHERE field_key = 'health_score' AND num NOT BETWEEN 0 AND 100)::int AS bad_health,
        count(*) FILTER (WHERE field_key = 'nps' AND num NOT BETWEEN -100 AND 100)::int AS bad_nps,
        count(*) FILTER (WHERE field_key = 'csm_rating' AND num NOT BETWEEN 1 AND 5)::int AS bad_rating,
        count(*) FILTER (WHERE field_key = 'lifecycle_stage' AND text NOT IN ('onboarding', 'adoption', 'renewal', 'at risk'))::int AS bad_stage,
        count(*) FILTER (WHERE field_key = 'health_score')::int AS healths,
        count(DISTINCT text) FILTER (WHERE field_key = 'lifecycle_stage')::int AS distinct_stages
      FROM account_field_values`);
    expect(ranges).toMatchObject({ stages: ranges.accounts, bad_health: 0, bad_nps: 0, bad_rating: 0, bad_stage: 0, distinct_stages: 4 });
    expect(Number(ranges.healths)).toBeGreaterThan(Number(ranges.accounts) * 0.8);
  });

  it("refuses a database that already has data", async () => {
    await expect(generateDataset(demoUrl, DEMO)).rejects.toThrow(/empty database/);
  });
});

describe("seedDemo", () => {
  it("seeds once, even when two instances start at the same time", async () => {
    const url = await freshDatabase();
    const results = await Promise.all([seedDemo(url), seedDemo(url)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await seedDemo(url)).toBe(false);
    // The generated org of 40 and four sellers; 4,000 generated opportunities and those CSQLs became.
    expect(await count(url, "SELECT count(*) n FROM users")).toBe(44);
    const converted = await count(url, "SELECT count(*) n FROM csqls WHERE status = 'converted'");
    expect(converted).toBeGreaterThan(10);
    expect(await count(url, "SELECT count(*) n FROM opportunities")).toBe(4000 + converted);
    // Sellers own the CSQLs of the accounts where they are the Account Executive.
    expect(await count(url, "SELECT count(*) n FROM csqls c JOIN users u ON u.id = c.owner_id WHERE u.profile = 'sales'")).toBeGreaterThan(0);
    // A converted CSQL's opportunity carries its account's CSM, as a new opportunity does.
    expect(await count(url, `
      SELECT count(*) n FROM csqls c JOIN opportunities o ON o.id = c.opportunity_id
      LEFT JOIN account_role_assignments h ON h.account_id = o.account_id AND h.role_key = 'csm'
      WHERE o.csm_id IS DISTINCT FROM h.user_id`)).toBe(0);
  }, 120_000);
});

describe("generateDataset at scale", () => {
  it("reports its rate at 20k accounts and 200k opportunities (printed, not asserted)", async () => {
    const url = await freshDatabase();
    const phases: string[] = [];
    const result = await generateDataset(url, {
      users: 100, accounts: 20_000, opportunities: 200_000, seed: 7, whales: [1000], passwordHash: "x", log: (line) => phases.push(line),
    });
    const perSecond = Math.round((result.opportunities / result.ms) * 1000);
    console.log(
      `[seed] ${result.accounts} accounts, ${result.opportunities} opportunities, ${result.activities} activities, ` +
        `${result.auditEntries} audit entries in ${result.ms} ms (${perSecond} opportunities/s; ` +
        `2M at this rate ≈ ${Math.round(2_000_000 / perSecond)} s)\n${phases.join("\n")}`,
    );
    expect(result.opportunities).toBe(201_000);
  }, 600_000);
});
