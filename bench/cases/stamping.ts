// Stamping a new CSM on an account's open opportunities: Roster (domain and HTTP) against the
// floor (what PostgreSQL alone does) and the baseline (what a record-triggered flow does).
import { randomUUID } from "node:crypto";
import { PUT as putTeamRole } from "../../app/api/v1/accounts/[id]/team/[roleKey]/route.ts";
import { assignAccountRole } from "../../lib/domain/accounts/assign-account-role.ts";
import { type BenchContext, one } from "../context.ts";
import { collector, measure, ratioResult, type Result, timedResult, timeOnce } from "../measure.ts";

export type Subject = { id: string; name: string; open: number; csms: [string, string]; holder: string | null };

/** Two eligible CSMs neither of which holds the account now, so every run really moves every row. */
export async function subject(ctx: BenchContext, where: string, params: unknown[]): Promise<Subject> {
  const account = await one<{ id: string; name: string; open: number; holder: string | null }>(ctx.pool, `
    SELECT a.id::text, a.name, h.user_id::text AS holder,
      (SELECT count(*)::int FROM opportunities o WHERE o.account_id = a.id AND NOT o.is_closed AND NOT o.csm_overridden) AS open
    FROM accounts a LEFT JOIN account_role_assignments h ON h.account_id = a.id AND h.role_key = 'csm'
    WHERE ${where} LIMIT 1`, params);
  const { rows } = await ctx.pool.query<{ id: string }>(`
    SELECT id::text FROM users WHERE profile = 'csm' AND active AND id IS DISTINCT FROM $1::uuid ORDER BY email LIMIT 2`, [account.holder]);
  if (rows.length < 2) throw new Error("bench: the data set needs two active CSMs");
  return { ...account, csms: [rows[0].id, rows[1].id] };
}

/** The other of the two CSMs: each stamp, whoever makes it, moves every open row. */
const nextCsm = (s: Subject) => (s.holder === s.csms[0] ? s.csms[1] : s.csms[0]);

export async function viaDomain(ctx: BenchContext, s: Subject) {
  const userId = nextCsm(s);
  const result = await assignAccountRole({ actor: ctx.actor, source: "ui" }, s.id, "csm", { userId });
  s.holder = userId;
  return { rows: result.stamped.opportunities };
}

async function viaHttp(ctx: BenchContext, s: Subject) {
  const userId = nextCsm(s);
  const request = new Request(`http://127.0.0.1/api/v1/accounts/${s.id}/team/csm`, {
    method: "PUT",
    headers: { authorization: `Bearer ${ctx.token}`, "content-type": "application/json" },
    body: JSON.stringify({ userId }),
  });
  const response = await putTeamRole(request, { params: Promise.resolve({ id: s.id, roleKey: "csm" }) });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`bench: PUT team/csm answered ${response.status}: ${JSON.stringify(body)}`);
  s.holder = userId;
  return { rows: body.stamped.opportunities as number };
}

/**
 * What PostgreSQL alone does for the same stamp: the holder row, then one UPDATE … FROM whose
 * rows feed one INSERT … SELECT of their audit entries. No locks taken first, no eligibility or
 * permission check, no cascade, no account view to return.
 */
async function floor(ctx: BenchContext, s: Subject) {
  const userId = nextCsm(s);
  const client = await ctx.pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("UPDATE account_role_assignments SET user_id = $2, assigned_at = now() WHERE account_id = $1 AND role_key = 'csm'", [s.id, userId]);
    const { rowCount } = await client.query(`
      WITH stamped AS (
        UPDATE opportunities o SET csm_id = h.user_id, version = o.version + 1, updated_at = now()
        FROM account_role_assignments h
        WHERE h.account_id = o.account_id AND h.role_key = 'csm'
          AND o.account_id = $1 AND NOT o.is_closed AND NOT o.csm_overridden AND o.csm_id IS DISTINCT FROM h.user_id
        RETURNING o.id
      )
      INSERT INTO audit_entries (source, entity_type, entity_id, field, from_value, to_value, batch_id)
      SELECT 'stamp', 'opportunity', id::text, 'csm', $2, $3, $4::uuid FROM stamped`, [s.id, s.holder, userId, randomUUID()]);
    await client.query("COMMIT");
    s.holder = userId;
    return { rows: rowCount ?? 0 };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The way a record-triggered flow does it: the account's record is saved, then its open
 * opportunities are updated one record at a time, 200 per transaction (a flow's batch), each
 * update followed by its own audit insert.
 */
async function baseline(ctx: BenchContext, s: Subject) {
  const userId = nextCsm(s);
  const batchId = randomUUID();
  const client = await ctx.pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("UPDATE account_role_assignments SET user_id = $2, assigned_at = now() WHERE account_id = $1 AND role_key = 'csm'", [s.id, userId]);
    await client.query(
      "INSERT INTO audit_entries (source, entity_type, entity_id, field, from_value, to_value, batch_id) VALUES ('ui', 'account', $1, 'team.csm', $2, $3, $4)",
      [s.id, s.holder, userId, batchId],
    );
    await client.query("COMMIT");
    const { rows } = await client.query<{ id: string; csm_id: string | null }>(
      "SELECT id::text, csm_id::text FROM opportunities WHERE account_id = $1 AND NOT is_closed AND NOT csm_overridden ORDER BY id", [s.id],
    );
    for (let start = 0; start < rows.length; start += 200) {
      await client.query("BEGIN");
      for (const row of rows.slice(start, start + 200)) {
        await client.query("UPDATE opportunities SET csm_id = $2, version = version + 1, updated_at = now() WHERE id = $1", [row.id, userId]);
        await client.query(
          "INSERT INTO audit_entries (source, entity_type, entity_id, field, from_value, to_value, batch_id) VALUES ('stamp', 'opportunity', $1, 'csm', $2, $3, $4)",
          [row.id, row.csm_id, userId, batchId],
        );
      }
      await client.query("COMMIT");
    }
    s.holder = userId;
    return { rows: rows.length };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** `withinFloor`: the most Roster's median may be, in times the floor's (issue 23: 1.3× for the 50k whale). */
type Plan = { label: string; subject: Subject; goalMs: number | null; ratioGoals: boolean; withinFloor?: number; runs: number; baselineRuns: number };

export async function stampingCases(ctx: BenchContext): Promise<void> {
  const [small, large] = ctx.size.whales;
  const plans: Plan[] = [
    // The goals: p95 < 1 s, within 2× of the floor, ≥ 20× faster than the baseline.
    { label: `whale ${small.toLocaleString("en-US")}`, subject: await whale(ctx, small), goalMs: 500, ratioGoals: true, runs: ctx.runs(10, 6), baselineRuns: ctx.runs(3, 2) },
    // No goals of its own in the issue: reported with both ratios.
    { label: `whale ${large.toLocaleString("en-US")}`, subject: await whale(ctx, large), goalMs: null, ratioGoals: false, withinFloor: 1.3, runs: ctx.runs(5, 4), baselineRuns: 1 },
    { label: "typical account", subject: await typicalAccount(ctx), goalMs: 150, ratioGoals: false, runs: ctx.runs(20, 10), baselineRuns: ctx.runs(10, 5) },
  ];
  for (const plan of plans) {
    const s = plan.subject;
    ctx.log(`stamping ${plan.label}: ${s.name}, ${s.open} open opportunities`);
    const group = `stamp ${plan.label}`;
    const goal = plan.goalMs === null ? { kind: "none" as const } : { kind: "p95" as const, ms: plan.goalMs };
    // Roster and the floor take turns, in a rotating order, so the machine's load falls on all alike.
    const variants = [
      { name: "Roster, domain", run: () => viaDomain(ctx, s), runs: collector() },
      { name: "Roster, HTTP PUT", run: () => viaHttp(ctx, s), runs: collector() },
      { name: "floor (bare SQL)", run: () => floor(ctx, s), runs: collector() },
    ];
    for (const variant of variants) await variant.run();
    for (let r = 0; r < plan.runs; r++) {
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(r + k) % variants.length];
        const once = await timeOnce(variant.run);
        variant.runs.add(once.ms, once.cpu, once.rows);
      }
    }
    const [domain, http, bare] = variants.map((variant, k) =>
      timedResult(group, `stamp ${plan.label}: ${variant.name}`, variant.runs.measured, k < 2 ? goal : { kind: "none" }));
    for (const result of [domain, http, bare]) ctx.report(result);
    const perRecord = timedResult(
      group, `stamp ${plan.label}: baseline (per record)`,
      await measure({ warmup: plan.baselineRuns > 1 ? 1 : 0, runs: plan.baselineRuns }, () => baseline(ctx, s)), { kind: "none" },
    );
    ctx.report(perRecord);
    const withinFloor = plan.withinFloor ?? (plan.ratioGoals ? 2 : null);
    const within = withinFloor ? { kind: "ratioMax" as const, times: withinFloor } : { kind: "none" as const };
    const faster = plan.ratioGoals ? { kind: "ratioMin" as const, times: 20 } : { kind: "none" as const };
    const ratios: Result[] = [
      ratioResult(group, `${plan.label}: Roster domain / floor`, domain, bare, within),
      ratioResult(group, `${plan.label}: Roster HTTP / floor`, http, bare, within),
      ratioResult(group, `${plan.label}: baseline / Roster domain`, perRecord, domain, faster),
      ratioResult(group, `${plan.label}: baseline / Roster HTTP`, perRecord, http, faster),
    ];
    for (const ratio of ratios) ctx.report(ratio);
  }
}

// The generator names them "Whale <n>" (a legal suffix is added only on a clash).
export const whale = (ctx: BenchContext, n: number) => subject(ctx, "(a.name = $1 OR a.name LIKE $1 || ' %')", [`Whale ${n}`]);

/** The most open opportunities an ordinary account has, up to 50: a CSM change on it is what people do all day. */
async function typicalAccount(ctx: BenchContext): Promise<Subject> {
  const { id } = await one<{ id: string }>(ctx.pool, `
    SELECT o.account_id::text AS id
    FROM opportunities o
    JOIN accounts a ON a.id = o.account_id AND a.name NOT LIKE 'Whale %'
      -- No heirs: the case is one account's stamp, which the floor and the baseline also do.
      AND NOT EXISTS (SELECT 1 FROM accounts c WHERE c.parent_id = a.id AND c.csm_inheritance = 'parent')
    WHERE NOT o.is_closed AND NOT o.csm_overridden
    GROUP BY o.account_id HAVING count(*) <= 50
    ORDER BY count(*) DESC, o.account_id LIMIT 1`);
  return subject(ctx, "a.id = $1::uuid", [id]);
}
