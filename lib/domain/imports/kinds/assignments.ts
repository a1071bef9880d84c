import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import { lockAccountsTopDown } from "@/lib/domain/accounts/lock-account.ts";
import { setRoleHolders } from "@/lib/domain/accounts/set-role-holders.ts";
import { applyCsm } from "@/lib/domain/stamping/apply-csm.ts";
import { parseHolder } from "../cells.ts";
import { copyRows, type CopyValue } from "../copy-rows.ts";
import type { RowError } from "../schemas.ts";
import { setPendingHolders } from "../set-pending-holders.ts";
import { cellOf, FIRST_ROWS, type ImportContext, type KindImport, type SqlRowError, toPlan, UUID_PATTERN } from "./types.ts";

const STAGED = ["row_no", "role_key", "account_ref", "holder_email", "holder_name"] as const;

function keyTarget(context: ImportContext): "accountExternalId" | "accountId" {
  return context.index.has("accountExternalId") ? "accountExternalId" : "accountId";
}

function roleColumns(context: ImportContext): { roleKey: string; position: number; header: string }[] {
  return context.columns
    .map((column, position) => ({ target: column.target, position, header: column.header }))
    .filter((column) => column.target.startsWith("role:"))
    .map(({ target, position, header }) => ({ roleKey: target.slice(5), position, header }));
}

/** One staged row per filled cell; a row with none is staged once (role '') so its account is still checked. */
async function stage(context: ImportContext, rows: string[][]): Promise<RowError[]> {
  const errors: RowError[] = [];
  const key = keyTarget(context);
  const keyPosition = context.index.get(key);
  const keyHeader = context.columns[keyPosition!]?.header;
  const roles = roleColumns(context);
  function* staged(): Generator<CopyValue[]> {
    for (let i = 0; i < rows.length; i++) {
      const row = i + 1;
      const account = cellOf(rows[i], keyPosition).trim();
      if (account === "") {
        errors.push({ row, column: keyHeader, message: "Enter the account." });
        continue;
      }
      let filled = 0;
      for (const role of roles) {
        const raw = cellOf(rows[i], role.position);
        if (raw.trim() === "") continue; // an empty cell leaves that role as it is
        const holder = parseHolder(raw);
        if ("error" in holder) {
          errors.push({ row, column: role.header, message: holder.error });
          continue;
        }
        filled++;
        yield [row, role.roleKey, account, holder.value.email, holder.value.name];
      }
      if (filled === 0) yield [row, "", account, null, null];
    }
  }
  await copyRows(context.importId, "import_assignment_rows", STAGED, staged(), (sent) => context.progress(sent, rows.length));
  return errors;
}

/**
 * Resolves accounts (external id; with `account_id`, a Roster id too) and holders (email,
 * case-insensitive; else a full name held by exactly one active user), then lists what is
 * wrong: unknown accounts, unknown or ambiguous names, ineligible or inactive users, and one
 * account's role given different holders by different rows. An email of nobody is no error:
 * it becomes a pending assignment.
 */
async function validate(tx: Tx, context: ImportContext): Promise<SqlRowError[]> {
  const id = context.importId;
  const byRosterId = keyTarget(context) === "accountId";
  // One pass over the staged rows (each UPDATE rewrites every row it touches): the account by
  // external id, or by Roster id when the column is account_id; the holder by email.
  await tx.$executeRaw`
    UPDATE import_assignment_rows s SET account_id = r.account_id, user_id = r.user_id
    FROM (
      SELECT t.row_no, t.role_key, ${byRosterId ? Prisma.sql`coalesce(a.id, b.id)` : Prisma.sql`a.id`} AS account_id, u.id AS user_id
      FROM import_assignment_rows t
      LEFT JOIN accounts a ON a.external_id = t.account_ref
      ${byRosterId
        ? Prisma.sql`LEFT JOIN accounts b ON b.id = CASE WHEN t.account_ref ~ ${UUID_PATTERN} THEN t.account_ref::uuid END`
        : Prisma.empty}
      LEFT JOIN users u ON lower(u.email) = lower(t.holder_email)
      WHERE t.import_id = ${id}::uuid
    ) r
    WHERE s.import_id = ${id}::uuid AND s.row_no = r.row_no AND s.role_key = r.role_key
      AND (r.account_id IS NOT NULL OR r.user_id IS NOT NULL)`;
  await tx.$executeRaw`
    WITH named AS (
      SELECT lower(regexp_replace(btrim(name), '\\s+', ' ', 'g')) AS name, (array_agg(id))[1] AS id
      FROM users WHERE active GROUP BY 1 HAVING count(*) = 1
    )
    UPDATE import_assignment_rows s SET user_id = named.id FROM named
    WHERE s.import_id = ${id}::uuid AND s.holder_email IS NULL AND s.holder_name IS NOT NULL AND named.name = lower(s.holder_name)`;

  const key = keyTarget(context);
  context.lap("resolve");
  return tx.$queryRaw<SqlRowError[]>`
    WITH staged AS (SELECT * FROM import_assignment_rows WHERE import_id = ${id}::uuid),
    named AS (
      SELECT lower(regexp_replace(btrim(name), '\\s+', ' ', 'g')) AS name, count(*)::int AS n
      FROM users WHERE active GROUP BY 1
    ),
    -- One pass with window functions rather than a join back to an aggregate: a join the
    -- planner misjudges on freshly resolved rows turns into a nested loop over 100,000 rows.
    targets AS (
      SELECT row_no, role_key, ${FIRST_ROWS} AS rows,
        min(coalesce(user_id::text, 'pending:' || lower(holder_email))) OVER w <> max(coalesce(user_id::text, 'pending:' || lower(holder_email))) OVER w AS conflict
      FROM staged WHERE role_key <> '' AND account_id IS NOT NULL AND (user_id IS NOT NULL OR holder_email IS NOT NULL)
      WINDOW w AS (PARTITION BY account_id, role_key ORDER BY row_no ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    )
    SELECT DISTINCT ON (row_no) row_no AS row, ${key} AS target, format('Unknown account "%s".', account_ref) AS message
    FROM staged WHERE account_id IS NULL
    UNION ALL
    SELECT s.row_no, 'role:' || s.role_key,
      CASE WHEN n.n IS NULL THEN format('Unknown name "%s": no active user has it (give an email to wait for someone new).', s.holder_name)
        ELSE format('Ambiguous name "%s": %s active users have it; give their email instead.', s.holder_name, n.n) END
    FROM staged s LEFT JOIN named n ON n.name = lower(s.holder_name)
    WHERE s.role_key <> '' AND s.holder_email IS NULL AND s.user_id IS NULL
    UNION ALL
    SELECT s.row_no, 'role:' || s.role_key,
      CASE WHEN NOT u.active THEN format('%s is not an active user.', u.email)
        ELSE format('%s (profile %s) may not hold the role %s.', u.email, u.profile, r.label) END
    FROM staged s JOIN users u ON u.id = s.user_id JOIN account_roles r ON r.key = s.role_key
    WHERE NOT u.active OR NOT (u.profile = ANY(r.eligible_profiles))
    UNION ALL
    SELECT row_no, 'role:' || role_key,
      format('Rows %s give this account different %s holders.', array_to_string(rows[1:5], ', ') || CASE WHEN cardinality(rows) > 5 THEN ', …' ELSE '' END, role_key)
    FROM targets WHERE conflict`;
}

async function lock(tx: Tx, context: ImportContext): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT account_id::text AS id FROM import_assignment_rows WHERE import_id = ${context.importId}::uuid AND account_id IS NOT NULL`;
  await lockAccountsTopDown(tx, rows.map((row) => row.id));
}

/**
 * Each filled cell against the account's holder now: same → unchanged, an empty slot →
 * created, someone else → updated, an email of nobody → pending. A row takes its strongest
 * cell's action (pending, then updated, created, unchanged). A repeat of an earlier row's cell
 * changes nothing more.
 */
const JUDGED = (id: string) => Prisma.sql`
  judged AS (
    SELECT s.row_no, s.role_key, s.account_ref, s.user_id, s.holder_email, s.holder_name, h.user_id AS cur_user, h.pending_email AS cur_pending,
      CASE
        WHEN s.role_key = '' THEN 'unchanged'
        WHEN row_number() OVER (PARTITION BY s.account_id, s.role_key ORDER BY s.row_no) > 1 THEN 'unchanged'
        WHEN s.user_id IS NOT NULL THEN CASE WHEN h.user_id = s.user_id THEN 'unchanged' WHEN h.user_id IS NULL AND h.pending_email IS NULL THEN 'created' ELSE 'updated' END
        WHEN lower(h.pending_email) = lower(s.holder_email) THEN 'unchanged'
        ELSE 'pending'
      END AS action
    FROM import_assignment_rows s
    LEFT JOIN account_role_assignments h ON h.account_id = s.account_id AND h.role_key = s.role_key
    WHERE s.import_id = ${id}::uuid
  ), by_row AS (
    SELECT row_no, min(account_ref) AS key,
      (ARRAY['unchanged', 'created', 'updated', 'pending'])[max(CASE action WHEN 'pending' THEN 4 WHEN 'updated' THEN 3 WHEN 'created' THEN 2 ELSE 1 END)] AS action
    FROM judged GROUP BY row_no
  )`;

async function plan(tx: Tx, context: ImportContext, previewRows: number) {
  const [raw] = await tx.$queryRaw<Parameters<typeof toPlan>[0][]>`
    WITH ${JUDGED(context.importId)},
    shown AS (SELECT * FROM by_row ORDER BY action = 'unchanged', row_no LIMIT ${previewRows})
    SELECT
      (SELECT json_object_agg(action, n) FROM (SELECT action, count(*)::int AS n FROM by_row GROUP BY action) c) AS counts,
      (SELECT json_agg(p ORDER BY p.unchanged, p.row) FROM (
        SELECT b.row_no AS row, b.key, b.action, b.action = 'unchanged' AS unchanged,
          coalesce(string_agg(
            CASE j.action
              WHEN 'created' THEN format('%s: set to %s', j.role_key, nu.name)
              WHEN 'updated' THEN format('%s: %s → %s', j.role_key, coalesce(cu.name, 'waiting for ' || j.cur_pending), nu.name)
              WHEN 'pending' THEN format('%s: waiting for %s (no user with this email yet)', j.role_key, j.holder_email)
            END, '; ' ORDER BY j.role_key), 'Already as in the file.') AS reason
        FROM shown b
        JOIN judged j ON j.row_no = b.row_no
        LEFT JOIN users nu ON nu.id = j.user_id
        LEFT JOIN users cu ON cu.id = j.cur_user
        GROUP BY b.row_no, b.key, b.action
      ) p) AS preview`;
  const result = toPlan(raw);
  result.preview = result.preview.map(({ row, key, action, reason }) => ({ row, key, action, reason }));
  return result;
}

type Change = { accountId: string; roleKey: string; userId: string | null };

/**
 * The cells that change something, once per account and role. Users go through the same
 * set-based writers as a manual assignment (setRoleHolders; applyCsm for the CSM, which
 * cascades and stamps); emails of nobody become pending holders.
 */
async function apply(tx: Tx, context: ImportContext): Promise<void> {
  const id = context.importId;
  const changes = await tx.$queryRaw<Change[]>`
    SELECT DISTINCT ON (s.account_id, s.role_key) s.account_id::text AS "accountId", s.role_key AS "roleKey", s.user_id::text AS "userId"
    FROM import_assignment_rows s
    LEFT JOIN account_role_assignments h ON h.account_id = s.account_id AND h.role_key = s.role_key
    WHERE s.import_id = ${id}::uuid AND s.role_key <> '' AND s.user_id IS NOT NULL
      AND (h.user_id IS DISTINCT FROM s.user_id OR h.pending_email IS NOT NULL)
    ORDER BY s.account_id, s.role_key, s.row_no`;
  context.lap("changes");
  const byRole = new Map<string, Change[]>();
  for (const change of changes) {
    const list = byRole.get(change.roleKey);
    if (list) list.push(change);
    else byRole.set(change.roleKey, [change]);
  }
  const roleKeys = [...new Set([...byRole.keys(), ...roleColumns(context).map((role) => role.roleKey)])];
  const meta = { actorId: context.actor.id, source: "import" as const, batchId: context.batchId };

  let step = 0;
  for (const roleKey of roleKeys) {
    const users = (byRole.get(roleKey) ?? []).map(({ accountId, userId }) => ({ accountId, userId }));
    if (roleKey === "csm") await applyCsm(tx, users, { ...meta, includeOverridden: false });
    else await setRoleHolders(tx, roleKey, users, meta);
    context.lap(`apply ${roleKey}`);
    await setPendingHolders(tx, id, roleKey, meta);
    context.lap(`pending ${roleKey}`);
    await context.progress(++step, roleKeys.length);
  }
}

export const assignmentsImport: KindImport = { stage, validate, lock, plan, apply };
