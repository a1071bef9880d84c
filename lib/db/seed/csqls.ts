import "server-only";
import type pg from "pg";

/**
 * The demo's sellers and their CSQLs, on top of the generated org (the bench data set does not
 * need them): four sellers, one per region, who take over the Account Executive seat from sales
 * ops; and a year of CSQLs raised by the accounts' CSMs and SAs, some converted into stamped
 * opportunities, some rejected. Deterministic (no random(): hashes of ids decide).
 */
export const DEMO_SELLER = { email: "sales@demo.roster", name: "Sasha Seller" };

export async function seedDemoCsqls(client: pg.Client, passwordHash: string): Promise<number> {
  await client.query(`
    INSERT INTO users (email, name, profile, password_hash, capacity) VALUES
      ($1, $2, 'sales', $3, NULL),
      ('sales.emea@demo.roster', 'Elena Ekström', 'sales', $3, NULL),
      ('sales.apac@demo.roster', 'Hiro Tanaka', 'sales', $3, NULL),
      ('sales.latam@demo.roster', 'Lucía Ortega', 'sales', $3, NULL)
    ON CONFLICT ((lower(email))) DO NOTHING`, [DEMO_SELLER.email, DEMO_SELLER.name, passwordHash]);
  // Sellers hold the Account Executive seat where sales ops held it, by the account's region.
  await client.query(`
    WITH sellers AS (
      SELECT id, CASE email WHEN 'sales@demo.roster' THEN 'AMER' WHEN 'sales.emea@demo.roster' THEN 'EMEA'
                            WHEN 'sales.apac@demo.roster' THEN 'APAC' ELSE 'LATAM' END AS region
      FROM users WHERE profile = 'sales'
    )
    UPDATE account_role_assignments h SET user_id = s.id
    FROM accounts a, users holder, sellers s
    WHERE h.role_key = 'account_executive' AND a.id = h.account_id AND holder.id = h.user_id AND holder.profile = 'sales_ops'
      AND s.region = coalesce(a.region, 'AMER')`);
  // One statement: the foreign keys between the new CSQLs and opportunities are checked at its end.
  const { rows } = await client.query<{ n: number }>(`
    WITH candidates AS MATERIALIZED (
      SELECT a.id AS account_id, h.user_id AS raiser, ae.user_id AS owner, x.h, gen_random_uuid() AS opportunity_id,
        now() - make_interval(days => (x.h % 360)) AS raised_at,
        (CASE WHEN x.h % 10 < 3 THEN 'new' WHEN x.h % 10 < 5 THEN 'accepted' WHEN x.h % 10 < 8 THEN 'converted' ELSE 'rejected' END) AS status,
        (ARRAY['More seats for the support team', 'Renewal with a multi-year term', 'Analytics add-on', 'Rollout to a sister company',
               'Premium support tier', 'Expansion to a new region'])[1 + x.h % 6] AS title
      FROM accounts a
      JOIN account_role_assignments h ON h.account_id = a.id AND h.role_key IN ('csm', 'sa') AND h.user_id IS NOT NULL
      CROSS JOIN LATERAL (SELECT abs(hashtext(a.id::text || h.role_key)) AS h) x
      LEFT JOIN account_role_assignments ae ON ae.account_id = a.id AND ae.role_key = 'account_executive'
        AND ae.user_id IN (SELECT id FROM users WHERE profile = 'sales')
      WHERE x.h % 4 = 0
    ), converted AS (
      -- An opportunity as Roster creates one: the account's CSM stamped, its SA copied.
      INSERT INTO opportunities (id, account_id, name, stage, amount, close_date, closed_at, csm_id, primary_sa_id, created_at)
      SELECT c.opportunity_id, c.account_id, c.title,
        (CASE WHEN c.h % 3 = 0 THEN 'closed_won' ELSE 'proposal' END)::opportunity_stage,
        (5 + c.h % 60) * 1000, (c.raised_at + interval '90 days')::date,
        CASE WHEN c.h % 3 = 0 THEN c.raised_at + interval '60 days' END,
        (SELECT user_id FROM account_role_assignments WHERE account_id = c.account_id AND role_key = 'csm'),
        (SELECT user_id FROM account_role_assignments WHERE account_id = c.account_id AND role_key = 'sa'),
        c.raised_at + interval '3 days'
      FROM candidates c WHERE c.status = 'converted'
    ), raised AS (
      INSERT INTO csqls (account_id, title, kind, estimated_amount, created_by, owner_id, status, reject_reason, opportunity_id,
                         created_at, updated_at, decided_at)
      SELECT account_id, title, (ARRAY['expansion', 'renewal', 'cross_sell', 'new_logo'])[1 + h % 4]::csql_kind,
        (5 + h % 60) * 1000, raiser, owner, status::csql_status,
        CASE WHEN status = 'rejected' THEN 'Already in the forecast' END,
        CASE WHEN status = 'converted' THEN opportunity_id END,
        raised_at, raised_at, CASE WHEN status <> 'new' THEN raised_at + interval '3 days' END
      FROM candidates
      RETURNING id, title, created_by, created_at
    ), audited AS (
      INSERT INTO audit_entries (at, actor_id, source, entity_type, entity_id, field, from_value, to_value)
      SELECT created_at, created_by, 'ui', 'csql', id::text, 'created', NULL, title FROM raised
    )
    SELECT count(*)::int AS n FROM raised`);
  await client.query("UPDATE notification_consumer SET after_audit_id = (SELECT coalesce(max(id), 0) FROM audit_entries)");
  return rows[0].n;
}
