import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client.ts";

/**
 * The records one authorization case acts on, written straight to the tables in one statement, so
 * the matrix can afford a fresh set per case: an account (CSM csm1, SA sa1) with an open, a second
 * open ("spare") and a closed-won opportunity, all carrying csm1 and sa1; two spare CSMs and SAs;
 * a custom role key and a comp period nobody else uses. Every name carries `tag`.
 */
export type CaseWorld = {
  tag: string;
  accountId: string;
  openId: string;
  spareId: string;
  closedId: string;
  csm1: string;
  csm2: string;
  sa1: string;
  sa2: string;
  roleKey: string;
  period: { from: string; to: string };
  approvalId: string;
  seller: string;
  /** A CSQL on the account raised by csm1, in the sales ops queue (owned by nobody). */
  csqlId: string;
  /** The API token a token case revokes, once its arrange step has made one. */
  tokenId?: string;
  /** The saved view a saved-view case acts on, once its arrange step has made one. */
  viewId?: string;
  /** A batch the undo case undoes (arrange.batch). */
  batchId?: string;
};

let periodCounter = 0;
// Comp periods in the 19th century: empty of deals, and one per case so approvals never collide.
const periodBase = Date.UTC(1800, 0, 1) + Math.floor(Math.random() * 20_000) * 86_400_000;

function nextPeriod() {
  const day = new Date(periodBase + periodCounter++ * 86_400_000).toISOString().slice(0, 10);
  return { from: day, to: day };
}

export async function makeCaseWorld(): Promise<CaseWorld> {
  const tag = randomUUID().slice(0, 8);
  const world: CaseWorld = {
    tag,
    accountId: randomUUID(),
    openId: randomUUID(),
    spareId: randomUUID(),
    closedId: randomUUID(),
    csm1: randomUUID(),
    csm2: randomUUID(),
    sa1: randomUUID(),
    sa2: randomUUID(),
    roleKey: `mx_${tag}`,
    period: nextPeriod(),
    approvalId: randomUUID(),
    seller: randomUUID(),
    csqlId: randomUUID(),
  };
  const w = world;
  // One statement: foreign keys are checked at its end, so the rows may reference each other.
  await db.$executeRaw`
    WITH users_in AS (
      INSERT INTO users (id, email, name, profile) VALUES
        (${w.csm1}::uuid, ${`csm1-${tag}@matrix.test`}, ${`CSM one ${tag}`}, 'csm'),
        (${w.csm2}::uuid, ${`csm2-${tag}@matrix.test`}, ${`CSM two ${tag}`}, 'csm'),
        (${w.sa1}::uuid, ${`sa1-${tag}@matrix.test`}, ${`SA one ${tag}`}, 'sa'),
        (${w.sa2}::uuid, ${`sa2-${tag}@matrix.test`}, ${`SA two ${tag}`}, 'sa'),
        (${w.seller}::uuid, ${`seller-${tag}@matrix.test`}, ${`Seller ${tag}`}, 'sales')
    ), csql_in AS (
      INSERT INTO csqls (id, account_id, title, kind, estimated_amount, created_by)
      VALUES (${w.csqlId}::uuid, ${w.accountId}::uuid, ${`Lead ${tag}`}, 'expansion', 5000, ${w.csm1}::uuid)
    ), account_in AS (
      INSERT INTO accounts (id, name, segment) VALUES (${w.accountId}::uuid, ${`Matrix ${tag}`}, ${tag})
    ), team_in AS (
      INSERT INTO account_role_assignments (account_id, role_key, user_id) VALUES
        (${w.accountId}::uuid, 'csm', ${w.csm1}::uuid), (${w.accountId}::uuid, 'sa', ${w.sa1}::uuid)
    ), approval_in AS (
      INSERT INTO comp_approvals (id, period_from, period_to, approved_by, row_count, total)
      VALUES (${w.approvalId}::uuid, ${w.period.from}::date, ${w.period.to}::date, ${w.csm1}::uuid, 0, 0)
    )
    SELECT 1`;
  // The opportunities in a statement of their own, as every writer makes them: the workload totals
  // (migration 0023) count an account's opportunities once per statement that changes its holders.
  await db.$executeRaw`
    INSERT INTO opportunities (id, account_id, name, stage, closed_at, csm_id, primary_sa_id) VALUES
      (${w.openId}::uuid, ${w.accountId}::uuid, ${`Open ${tag}`}, 'prospecting', NULL, ${w.csm1}::uuid, ${w.sa1}::uuid),
      (${w.spareId}::uuid, ${w.accountId}::uuid, ${`Spare ${tag}`}, 'discovery', NULL, ${w.csm1}::uuid, ${w.sa1}::uuid),
      (${w.closedId}::uuid, ${w.accountId}::uuid, ${`Closed ${tag}`}, 'closed_won', now(), ${w.csm1}::uuid, ${w.sa1}::uuid)`;
  return world;
}

/** Small, direct edits a case makes to its world before the call (they bypass the rules on purpose). */
export const arrange = {
  saHolder: (w: CaseWorld, userId: string) =>
    db.$executeRaw`UPDATE account_role_assignments SET user_id = ${userId}::uuid
      WHERE account_id = ${w.accountId}::uuid AND role_key = 'sa'`,
  primarySa: (opportunityId: string, userId: string) =>
    db.$executeRaw`UPDATE opportunities SET primary_sa_id = ${userId}::uuid WHERE id = ${opportunityId}::uuid`,
  supportingSa: (opportunityId: string, userId: string) =>
    db.$executeRaw`INSERT INTO opportunity_supporting_sas (opportunity_id, user_id) VALUES (${opportunityId}::uuid, ${userId}::uuid)`,
  overridden: (opportunityId: string, userId: string) =>
    db.$executeRaw`UPDATE opportunities SET csm_id = ${userId}::uuid, csm_overridden = true WHERE id = ${opportunityId}::uuid`,
  /** The caller holds the account's CSM slot (bypassing eligibility: any profile may cover it here). */
  covers: (w: CaseWorld, userId: string) =>
    db.$executeRaw`UPDATE account_role_assignments SET user_id = ${userId}::uuid WHERE account_id = ${w.accountId}::uuid AND role_key = 'csm'`,
  csqlOwner: (w: CaseWorld, userId: string) => db.$executeRaw`UPDATE csqls SET owner_id = ${userId}::uuid WHERE id = ${w.csqlId}::uuid`,
  csqlRoute: (w: CaseWorld) =>
    db.$queryRaw<{ id: string }[]>`INSERT INTO csql_routes (segment, owner_id) VALUES (${w.tag}, ${w.seller}::uuid) RETURNING id::text`,
  /** An open opportunity whose CSM is not its account's: what reconcile repairs. */
  drifted: (opportunityId: string, userId: string) =>
    db.$executeRaw`UPDATE opportunities SET csm_id = ${userId}::uuid WHERE id = ${opportunityId}::uuid`,
  /** A saved view of the accounts table owned by `ownerId`, named with the case's tag. */
  savedView: async (w: CaseWorld, ownerId: string, shared: boolean) => {
    const [row] = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO saved_views (owner_id, table_key, name, query, shared)
      VALUES (${ownerId}::uuid, 'accounts', ${`View ${w.tag}`}, ${`segment=${w.tag}`}, ${shared}) RETURNING id::text`;
    w.viewId = row.id;
  },
  /** The account's CSM moved from csm1 to csm2 in one audited batch, as a reassignment writes it. */
  batch: async (w: CaseWorld) => {
    w.batchId = randomUUID();
    await db.$transaction([
      db.$executeRaw`UPDATE account_role_assignments SET user_id = ${w.csm2}::uuid WHERE account_id = ${w.accountId}::uuid AND role_key = 'csm'`,
      db.$executeRaw`INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value, batch_id)
        VALUES (NULL, 'ui', 'account', ${w.accountId}, 'team.csm', ${w.csm1}, ${w.csm2}, ${w.batchId}::uuid)`,
    ]);
  },
  /** A token of `userId` (not the one the case authenticates with), for the revoke cases. */
  token: async (w: CaseWorld, userId: string) => {
    const [row] = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO api_tokens (user_id, token_hash, prefix) VALUES (${userId}::uuid, ${`matrix-${randomUUID()}`}, 'rst_matrix')
      RETURNING id::text`;
    w.tokenId = row.id;
  },
};

/**
 * Everything a case could possibly change, as one JSON value read in one statement: the account
 * (version, fields) and the account a case may create, its team, its opportunities (CSM,
 * override, SAs, stage, version …) and supporting SAs, its activities, the case's users and their
 * tokens, the user and role a case may create, the comp approvals of its period, and the number of
 * audit entries about any of these.
 */
export async function snapshotCase(w: CaseWorld): Promise<unknown> {
  const userIds = [w.csm1, w.csm2, w.sa1, w.sa2, w.seller];
  // Records a case may create are found by the exact name/email its request uses (indexed).
  const [newAccount, newEmail] = [createdAccountName(w), createdUserEmail(w)];
  const [row] = await db.$queryRaw<{ snapshot: unknown }[]>`
    WITH accts AS (
      SELECT * FROM accounts WHERE id = ${w.accountId}::uuid OR name = ${newAccount}
    ), opps AS (
      SELECT o.* FROM opportunities o WHERE o.account_id IN (SELECT id FROM accts)
    ), leads AS (
      SELECT * FROM csqls WHERE account_id IN (SELECT id FROM accts)
    ), routes AS (
      SELECT * FROM csql_routes WHERE segment = ${w.tag}
    ), people AS (
      SELECT * FROM users WHERE id = ANY(${userIds}::uuid[]) OR lower(email) = lower(${newEmail})
    ), entities AS (
      SELECT 'account'::audit_entity AS type, id::text AS id FROM accts
      UNION ALL SELECT 'opportunity', id::text FROM opps
      UNION ALL SELECT 'user', id::text FROM people
      UNION ALL SELECT 'role', ${w.roleKey}
      UNION ALL SELECT 'comp_period', ${`${w.period.from}..${w.period.to}`}
      UNION ALL SELECT 'csql', id::text FROM leads
      UNION ALL SELECT 'csql_route', id::text FROM routes
    )
    SELECT jsonb_build_object(
      'accounts', (SELECT jsonb_agg(to_jsonb(a) ORDER BY a.id) FROM accts a),
      'team', (SELECT jsonb_agg(jsonb_build_array(r.account_id, r.role_key, r.user_id, r.pending_email, r.assigned_at)
                 ORDER BY r.account_id, r.role_key)
               FROM account_role_assignments r WHERE r.account_id IN (SELECT id FROM accts)),
      'opportunities', (SELECT jsonb_agg(to_jsonb(o) ORDER BY o.id) FROM opps o),
      'supporting', (SELECT jsonb_agg(jsonb_build_array(s.opportunity_id, s.user_id) ORDER BY s.opportunity_id, s.user_id)
                     FROM opportunity_supporting_sas s WHERE s.opportunity_id IN (SELECT id FROM opps)),
      'activities', (SELECT count(*) FROM activities WHERE account_id IN (SELECT id FROM accts)),
      'users', (SELECT jsonb_agg(to_jsonb(p) ORDER BY p.id) FROM people p),
      'tokens', (SELECT count(*) FROM api_tokens WHERE user_id IN (SELECT id FROM people)),
      'token', (SELECT jsonb_build_array(t.revoked_at, t.expires_at) FROM api_tokens t WHERE t.id = ${w.tokenId ?? null}::uuid),
      'roles', (SELECT jsonb_agg(to_jsonb(r)) FROM account_roles r WHERE r.key = ${w.roleKey}),
      'approvals', (SELECT count(*) FROM comp_approvals
                    WHERE period_from = ${w.period.from}::date AND period_to = ${w.period.to}::date),
      'csqls', (SELECT jsonb_agg(to_jsonb(c) ORDER BY c.id) FROM leads c),
      'routes', (SELECT jsonb_agg(to_jsonb(r) ORDER BY r.id) FROM routes r),
      'savedViews', (SELECT jsonb_agg(jsonb_build_array(v.id, v.owner_id, v.name, v.query, v.shared,
                       (SELECT jsonb_agg(d.user_id ORDER BY d.user_id) FROM saved_view_defaults d WHERE d.view_id = v.id)) ORDER BY v.id)
                     FROM saved_views v WHERE v.name LIKE ${`%${w.tag}%`}),
      'audit', (SELECT count(*) FROM audit_entries e JOIN entities x ON e.entity_type = x.type AND e.entity_id = x.id)
    ) AS snapshot`;
  return row.snapshot;
}

/** The name of the account a case's `POST /accounts` creates, and the email of its `POST /users`. */
export const createdAccountName = (w: CaseWorld) => `New account ${w.tag}`;
export const createdUserEmail = (w: CaseWorld) => `new-${w.tag}@matrix.test`;
