import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { AccountSet } from "@/lib/domain/accounts/account-set.ts";
import { lockAccountSet } from "@/lib/domain/accounts/lock-account.ts";
import { writeRoleHolders } from "@/lib/domain/accounts/set-role-holders.ts";
import { followCsm } from "@/lib/domain/stamping/apply-csm.ts";
import { parseHolder } from "../cells.ts";
import { copyRows, type CopyValue } from "../copy-rows.ts";
import type { RowError } from "../schemas.ts";
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
  // The resolved cells live in a temporary table of this transaction: written once, without the
  // dead rows an UPDATE of the staged rows leaves, and analyzed, so every later statement is
  // planned for 100,000 rows rather than for an empty table.
  // Validated again after bad rows are skipped (run-import.ts): start from the rows left.
  await tx.$executeRaw`DROP TABLE IF EXISTS assignment_cells`;
  await tx.$executeRaw`
    CREATE TEMP TABLE assignment_cells (
      row_no integer NOT NULL, role_key text NOT NULL, account_ref text, holder_email text, holder_name text,
      account_id uuid, user_id uuid
    ) ON COMMIT DROP`;
  // The account by external id, or by Roster id too when the column is account_id; the holder by
  // email, else by a full name that exactly one active user has.
  await tx.$executeRaw`
    WITH named AS (
      SELECT lower(regexp_replace(btrim(name), '\\s+', ' ', 'g')) AS name, (array_agg(id))[1] AS id
      FROM users WHERE active GROUP BY 1 HAVING count(*) = 1
    )
    INSERT INTO assignment_cells
    SELECT t.row_no, t.role_key, t.account_ref, t.holder_email, t.holder_name,
      ${byRosterId ? Prisma.sql`coalesce(a.id, b.id)` : Prisma.sql`a.id`},
      CASE WHEN t.holder_email IS NOT NULL THEN u.id ELSE n.id END
    FROM import_assignment_rows t
    LEFT JOIN accounts a ON a.external_id = t.account_ref
    ${byRosterId
      ? Prisma.sql`LEFT JOIN accounts b ON b.id = CASE WHEN t.account_ref ~ ${UUID_PATTERN} THEN t.account_ref::uuid END`
      : Prisma.empty}
    LEFT JOIN users u ON lower(u.email) = lower(t.holder_email)
    LEFT JOIN named n ON t.holder_email IS NULL AND n.name = lower(t.holder_name)
    WHERE t.import_id = ${id}::uuid`;
  await tx.$executeRaw`ANALYZE assignment_cells`;

  const key = keyTarget(context);
  context.lap("resolve");
  return tx.$queryRaw<SqlRowError[]>`
    WITH staged AS (SELECT * FROM assignment_cells),
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

/** The cells' accounts, kept in SQL: the plan and the writes that follow read them there too. */
const accountsInFile = (roleKey?: string): AccountSet => ({
  query: Prisma.sql`
    SELECT DISTINCT account_id FROM assignment_cells
    WHERE account_id IS NOT NULL ${roleKey === undefined ? Prisma.empty : Prisma.sql`AND role_key = ${roleKey}`}`,
});

async function lock(tx: Tx): Promise<void> {
  await lockAccountSet(tx, accountsInFile());
}

/**
 * Each filled cell against the account's holder now: same → unchanged, an empty slot →
 * created, someone else → updated, an email of nobody → pending. A row takes its strongest
 * cell's action (pending, then updated, created, unchanged). A repeat of an earlier row's cell
 * changes nothing more.
 */
const JUDGED = Prisma.sql`
  judged AS (
    SELECT s.row_no, s.role_key, s.account_ref, s.user_id, s.holder_email, s.holder_name, h.user_id AS cur_user, h.pending_email AS cur_pending,
      CASE
        WHEN s.role_key = '' THEN 'unchanged'
        WHEN row_number() OVER (PARTITION BY s.account_id, s.role_key ORDER BY s.row_no) > 1 THEN 'unchanged'
        WHEN s.user_id IS NOT NULL THEN CASE WHEN h.user_id = s.user_id THEN 'unchanged' WHEN h.user_id IS NULL AND h.pending_email IS NULL THEN 'created' ELSE 'updated' END
        WHEN lower(h.pending_email) = lower(s.holder_email) THEN 'unchanged'
        ELSE 'pending'
      END AS action
    FROM assignment_cells s
    LEFT JOIN account_role_assignments h ON h.account_id = s.account_id AND h.role_key = s.role_key
  ), by_row AS (
    SELECT row_no, min(account_ref) AS key,
      (ARRAY['unchanged', 'created', 'updated', 'pending'])[max(CASE action WHEN 'pending' THEN 4 WHEN 'updated' THEN 3 WHEN 'created' THEN 2 ELSE 1 END)] AS action
    FROM judged GROUP BY row_no
  )`;

async function plan(tx: Tx, _context: ImportContext, previewRows: number) {
  const [raw] = await tx.$queryRaw<Parameters<typeof toPlan>[0][]>`
    WITH ${JUDGED},
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

/**
 * Every filled cell, once per account and role (the first row wins; validation has refused
 * conflicting ones): a user, or an email of nobody, which waits as a pending holder.
 */
const WANTED = Prisma.sql`
  SELECT DISTINCT ON (account_id, role_key) account_id, role_key, user_id,
    CASE WHEN user_id IS NULL THEN holder_email END AS pending_email,
    CASE WHEN user_id IS NULL THEN holder_name END AS pending_name
  FROM assignment_cells
  WHERE role_key <> '' AND account_id IS NOT NULL AND (user_id IS NOT NULL OR holder_email IS NOT NULL)
  ORDER BY account_id, role_key, row_no`;

/**
 * The same writers as a manual assignment, fed from the staged cells instead of arrays: every
 * role's holders in one statement (only real changes written and audited), then, when the file
 * has a CSM column, its accounts' heirs and open opportunities follow (followCsm: cascade and
 * stamp), exactly as after a CSM set by hand.
 */
async function apply(tx: Tx, context: ImportContext): Promise<void> {
  const meta = { actorId: context.actor.id, source: "import" as const, batchId: context.batchId, reason: context.reason };
  await writeRoleHolders(tx, WANTED, meta);
  context.lap("apply holders");
  await context.progress(1, 2);
  if (roleColumns(context).some((role) => role.roleKey === "csm")) {
    await followCsm(tx, accountsInFile("csm"), { ...meta, includeOverridden: false });
    context.lap("apply follow csm");
  }
  await context.progress(2, 2);
}

export const assignmentsImport: KindImport = { avoidNestedLoops: false, staging: "import_assignment_rows", stage, validate, lock, plan, apply };
