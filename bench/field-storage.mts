import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded.ts";

const N = 100_000;
const dir = mkdtempSync(join(tmpdir(), "fields-measure-"));
const db = await startEmbeddedPostgres(dir, "m", { throwaway: true });
const c = new pg.Client({ connectionString: db.url });
await c.connect();
const q = (s: string) => c.query(s);
await q(`CREATE TABLE accounts (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, segment text, region text,
  arr numeric(18,2), parent_id uuid, version int NOT NULL DEFAULT 1, external_id text, created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now())`);
await q(`INSERT INTO accounts (name, segment, region, arr) SELECT 'Account ' || md5(i::text), (ARRAY['smb','mid','ent'])[1 + i % 3], (ARRAY['emea','amer','apac'])[1 + i % 3], (i % 1000) * 1000 FROM generate_series(1, ${N}) i`);
await q(`CREATE INDEX ON accounts (name, id)`);
// side table
await q(`CREATE TABLE v (account_id uuid NOT NULL REFERENCES accounts ON DELETE CASCADE, field_key text NOT NULL, num numeric, txt text, dt date, bool boolean, PRIMARY KEY (account_id, field_key))`);
await q(`INSERT INTO v (account_id, field_key, num) SELECT id, 'health', floor(random()*101) FROM accounts WHERE random() < 0.95`);
await q(`INSERT INTO v (account_id, field_key, num) SELECT id, 'nps', floor(random()*201)-100 FROM accounts WHERE random() < 0.8`);
await q(`INSERT INTO v (account_id, field_key, num) SELECT id, 'rating', 1+floor(random()*5) FROM accounts`);
await q(`INSERT INTO v (account_id, field_key, txt) SELECT id, 'stage', (ARRAY['onboarding','adoption','renewal','at_risk'])[1+floor(random()*4)::int] FROM accounts`);
await q(`INSERT INTO v (account_id, field_key, dt) SELECT id, 'renewal', date '2026-01-01' + floor(random()*700)::int FROM accounts`);
await q(`CREATE INDEX v_num ON v (field_key, num, account_id) WHERE num IS NOT NULL`);
await q(`CREATE INDEX v_txt ON v (field_key, txt, account_id) WHERE txt IS NOT NULL`);
await q(`CREATE INDEX v_dt ON v (field_key, dt, account_id) WHERE dt IS NOT NULL`);
// jsonb copy
await q(`CREATE TABLE accounts_j AS SELECT a.*, coalesce((SELECT jsonb_object_agg(field_key, coalesce(to_jsonb(num), to_jsonb(txt), to_jsonb(dt))) FROM v WHERE v.account_id = a.id), '{}') AS fields FROM accounts a`);
await q(`ALTER TABLE accounts_j ADD PRIMARY KEY (id)`);
await q(`CREATE INDEX ON accounts_j (name, id)`);
await q(`CREATE INDEX aj_gin ON accounts_j USING gin (fields jsonb_path_ops)`);
await q(`VACUUM ANALYZE`);

const sizes = await q(`SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) s, pg_size_pretty(pg_relation_size(oid)) heap FROM pg_class WHERE relname IN ('accounts','accounts_j','v')`);
console.log(sizes.rows);

async function time(label: string, sql: string, params: unknown[] = [], runs = 15) {
  const t: number[] = [];
  let n = 0;
  for (let i = 0; i < runs; i++) { const s = performance.now(); const r = await c.query(sql, params); n = r.rowCount ?? 0; t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  console.log(`${label.padEnd(70)} p50 ${t[Math.floor(runs / 2)].toFixed(1)} ms  p95 ${t[Math.floor(runs * 0.95)].toFixed(1)} ms  rows ${n}`);
}
// cursor at a deep position: the 99,000th by health
const deep = (await q(`SELECT num, account_id FROM v WHERE field_key='health' AND num IS NOT NULL ORDER BY num, account_id OFFSET 90000 LIMIT 1`)).rows[0];
const deepName = (await q(`SELECT name, id FROM accounts ORDER BY name, id OFFSET 95000 LIMIT 1`)).rows[0];

console.log("-- side table");
await time("sort by health, first page", `SELECT a.id, a.name, v.num FROM v JOIN accounts a ON a.id = v.account_id WHERE v.field_key='health' AND v.num IS NOT NULL ORDER BY v.num, v.account_id LIMIT 51`);
await time("sort by health, deep page (90k)", `SELECT a.id, a.name, v.num FROM v JOIN accounts a ON a.id = v.account_id WHERE v.field_key='health' AND v.num IS NOT NULL AND (v.num, v.account_id) > ($1, $2) ORDER BY v.num, v.account_id LIMIT 51`, [deep.num, deep.account_id]);
await time("sort by health, null tail (no value), by id", `SELECT a.id FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM v WHERE v.account_id=a.id AND v.field_key='health') ORDER BY a.id LIMIT 51`);
await time("sort by health + filter segment=ent, deep", `SELECT a.id, a.name, v.num FROM v JOIN accounts a ON a.id = v.account_id WHERE v.field_key='health' AND v.num IS NOT NULL AND a.segment='ent' AND (v.num, v.account_id) > ($1, $2) ORDER BY v.num, v.account_id LIMIT 51`, [deep.num, deep.account_id]);
await time("filter health 10..20, sort name, first", `SELECT a.id, a.name FROM accounts a WHERE EXISTS (SELECT 1 FROM v WHERE v.account_id=a.id AND v.field_key='health' AND v.num BETWEEN 10 AND 20) ORDER BY a.name, a.id LIMIT 51`);
await time("filter health 10..20, sort name, deep", `SELECT a.id, a.name FROM accounts a WHERE EXISTS (SELECT 1 FROM v WHERE v.account_id=a.id AND v.field_key='health' AND v.num BETWEEN 10 AND 20) AND (a.name, a.id) > ($1, $2) ORDER BY a.name, a.id LIMIT 51`, [deepName.name, deepName.id]);
await time("filter health=100 (rare), sort name", `SELECT a.id, a.name FROM accounts a WHERE EXISTS (SELECT 1 FROM v WHERE v.account_id=a.id AND v.field_key='health' AND v.num = 100) ORDER BY a.name, a.id LIMIT 51`);
await time("filter stage in (at_risk), sort nps, first", `SELECT a.id, v.num FROM v JOIN accounts a ON a.id = v.account_id WHERE v.field_key='nps' AND v.num IS NOT NULL AND EXISTS (SELECT 1 FROM v s WHERE s.account_id=a.id AND s.field_key='stage' AND s.txt IN ('at_risk')) ORDER BY v.num, v.account_id LIMIT 51`);
await time("count filter health 10..20", `SELECT count(*) FROM accounts a WHERE EXISTS (SELECT 1 FROM v WHERE v.account_id=a.id AND v.field_key='health' AND v.num BETWEEN 10 AND 20)`);
await time("count filter stage=at_risk + renewal < date", `SELECT count(*) FROM accounts a WHERE EXISTS (SELECT 1 FROM v WHERE v.account_id=a.id AND v.field_key='stage' AND v.txt='at_risk') AND EXISTS (SELECT 1 FROM v WHERE v.account_id=a.id AND v.field_key='renewal' AND v.dt < '2026-06-01')`);
await time("accounts list page by name, deep (plain)", `SELECT a.id, a.name FROM accounts a WHERE (a.name, a.id) > ($1, $2) ORDER BY a.name, a.id LIMIT 51`, [deepName.name, deepName.id]);

console.log("-- jsonb (GIN jsonb_path_ops only: no per-field index)");
await time("sort by health, first page", `SELECT id, name FROM accounts_j WHERE fields ? 'health' ORDER BY (fields->>'health')::numeric, id LIMIT 51`);
await time("sort by health, deep page", `SELECT id, name FROM accounts_j WHERE fields ? 'health' AND ((fields->>'health')::numeric, id) > ($1, $2) ORDER BY (fields->>'health')::numeric, id LIMIT 51`, [deep.num, deep.account_id]);
await time("filter health 10..20, sort name, deep", `SELECT id, name FROM accounts_j WHERE (fields->>'health')::numeric BETWEEN 10 AND 20 AND (name, id) > ($1, $2) ORDER BY name, id LIMIT 51`, [deepName.name, deepName.id]);
await time("filter stage = at_risk (GIN @>), sort name", `SELECT id, name FROM accounts_j WHERE fields @> '{"stage":"at_risk"}' ORDER BY name, id LIMIT 51`);
await time("count filter health 10..20", `SELECT count(*) FROM accounts_j WHERE (fields->>'health')::numeric BETWEEN 10 AND 20`);
await time("accounts list page by name, deep (plain)", `SELECT id, name FROM accounts_j WHERE (name, id) > ($1, $2) ORDER BY name, id LIMIT 51`, [deepName.name, deepName.id]);
await q(`CREATE INDEX aj_health ON accounts_j (((fields->>'health')::numeric), id)`);
await q(`ANALYZE accounts_j`);
console.log("-- jsonb + expression index on health (DDL per field)");
await time("sort by health, deep page", `SELECT id, name FROM accounts_j WHERE fields ? 'health' AND ((fields->>'health')::numeric, id) > ($1, $2) ORDER BY (fields->>'health')::numeric, id LIMIT 51`, [deep.num, deep.account_id]);
// write cost: update one field on 10k accounts
await time("write: set health on 10k accounts (side table upsert)", `INSERT INTO v (account_id, field_key, num) SELECT id, 'health', 50 FROM accounts LIMIT 10000 ON CONFLICT (account_id, field_key) DO UPDATE SET num = EXCLUDED.num`, [], 3);
await time("write: set health on 10k accounts (jsonb_set)", `UPDATE accounts_j SET fields = jsonb_set(fields, '{health}', '50') WHERE id IN (SELECT id FROM accounts_j LIMIT 10000)`, [], 3);
await c.end();
await db.stop();
