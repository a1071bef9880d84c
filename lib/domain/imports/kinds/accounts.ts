import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { lockAccountsTopDown } from "@/lib/domain/accounts/lock-account.ts";
import { applyCsm } from "@/lib/domain/stamping/apply-csm.ts";
import { parseInheritance, parseMoney, parseText } from "../cells.ts";
import { applyFieldValues } from "./account-fields.ts";
import { copyRows, type CopyValue } from "../copy-rows.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import { change, money } from "./plan-phrases.ts";
import type { RowError } from "../schemas.ts";
import { cellOf, FIRST_ROWS, type ImportContext, type KindImport, type SqlRowError, toPlan, UUID_PATTERN } from "./types.ts";
import { accountFieldColumns, FIELDS_CHANGED, readFieldCells } from "./account-fields.ts";

const STAGED = ["row_no", "external_id", "name", "parent_ref", "segment", "region", "arr", "csm_inheritance", "fields"] as const;
const FIELDS = ["externalId", "name", "parentExternalId", "segment", "region", "arr", "csmInheritance"] as const;

/** Which optional columns the file has: a column left out leaves that field as it is; an empty cell clears it. */
const has = (context: ImportContext, field: (typeof FIELDS)[number]) => context.index.has(field);

async function stage(context: ImportContext, rows: string[][]): Promise<RowError[]> {
  const { columns: fieldColumns, errors } = await accountFieldColumns(context);
  const header = (field: string) => context.columns[context.index.get(field)!]?.header;
  function* staged(): Generator<CopyValue[]> {
    for (let i = 0; i < rows.length; i++) {
      const row = i + 1;
      const bad = new Set<string>();
      const read = <T>(field: (typeof FIELDS)[number], parse: (raw: string) => { value: T } | { error: string }): T | null => {
        if (!has(context, field)) return null;
        const cell = parse(cellOf(rows[i], context.index.get(field)));
        if ("error" in cell) {
          bad.add(field);
          errors.push({ row, column: header(field), message: cell.error });
          return null;
        }
        return cell.value;
      };
      const externalId = read("externalId", (raw) => parseText(raw, 64, "The external id"));
      const name = read("name", (raw) => parseText(raw, 255, "The name"));
      if (externalId === null && !bad.has("externalId")) errors.push({ row, column: header("externalId"), message: "Enter the account's external id." });
      if (name === null && !bad.has("name")) errors.push({ row, column: header("name"), message: "Enter a name." });
      yield [
        row, externalId, name,
        read("parentExternalId", (raw) => parseText(raw, 64, "The parent's external id")),
        read("segment", (raw) => parseText(raw, 64, "The segment")),
        read("region", (raw) => parseText(raw, 64, "The region")),
        read("arr", parseMoney),
        read("csmInheritance", parseInheritance),
        readFieldCells(fieldColumns, rows[i], row, errors),
      ];
    }
  }
  await copyRows(context.importId, "import_account_rows", STAGED, staged(), (sent) => context.progress(sent, rows.length));
  return errors;
}

/**
 * Resolves each row's account (by external id) and parent (an account in Roster, by external id
 * or id, or one created by this file), then lists: unknown parents, an account its own parent,
 * hierarchy cycles the file would create, and one external id given different values.
 */
/**
 * Segment and region are picklists: "enterprise" in a file is the "Enterprise" accounts already
 * have (or, for a value new to Roster, the file's first spelling of it), so one value never splits
 * in two by its case. Where accounts disagree already, the first spelling in byte order (COLLATE
 * "C": capitals first, whatever the database's locale) wins, as in the account form (picklists.ts). Set-based: one pass over the accounts' values and the staged rows.
 */
async function canonicalizePicklists(tx: Tx, importId: string): Promise<void> {
  for (const column of [Prisma.raw("segment"), Prisma.raw("region")]) {
    await tx.$executeRaw`
      WITH known AS (
        SELECT DISTINCT ON (lower(${column})) ${column} AS value FROM accounts WHERE ${column} IS NOT NULL ORDER BY lower(${column}), ${column} COLLATE "C"
      ), first_in_file AS (
        SELECT DISTINCT ON (lower(${column})) ${column} AS value FROM import_account_rows
        WHERE import_id = ${importId}::uuid AND ${column} IS NOT NULL ORDER BY lower(${column}), row_no
      ), canonical AS (
        SELECT DISTINCT ON (lower(value)) value FROM (SELECT value, 0 AS rank FROM known UNION ALL SELECT value, 1 FROM first_in_file) v
        ORDER BY lower(value), rank
      )
      UPDATE import_account_rows s SET ${column} = c.value FROM canonical c
      WHERE s.import_id = ${importId}::uuid AND lower(s.${column}) = lower(c.value) AND s.${column} <> c.value`;
  }
}

async function validate(tx: Tx, context: ImportContext): Promise<SqlRowError[]> {
  const id = context.importId;
  await canonicalizePicklists(tx, id);
  await tx.$executeRaw`
    UPDATE import_account_rows s SET account_id = a.id FROM accounts a WHERE s.import_id = ${id}::uuid AND a.external_id = s.external_id`;
  await tx.$executeRaw`
    UPDATE import_account_rows s SET parent_id = a.id FROM accounts a WHERE s.import_id = ${id}::uuid AND a.external_id = s.parent_ref`;
  await tx.$executeRaw`
    UPDATE import_account_rows s SET parent_id = a.id FROM accounts a
    WHERE s.import_id = ${id}::uuid AND s.parent_id IS NULL AND a.id = CASE WHEN s.parent_ref ~ ${UUID_PATTERN} THEN s.parent_ref::uuid END`;
  const errors = await tx.$queryRaw<SqlRowError[]>`
    WITH staged AS (SELECT * FROM import_account_rows WHERE import_id = ${id}::uuid),
    -- Window functions, not a join back to an aggregate (see the assignments import).
    keyed AS (
      SELECT row_no, external_id, jsonb_build_array(name, parent_ref, segment, region, arr, csm_inheritance, fields)::text AS value FROM staged WHERE external_id IS NOT NULL
    ),
    conflicts AS (
      SELECT row_no, external_id, ${FIRST_ROWS} AS rows, min(value) OVER w <> max(value) OVER w AS conflict
      FROM keyed WINDOW w AS (PARTITION BY external_id ORDER BY row_no ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    )
    SELECT s.row_no AS row, 'parentExternalId' AS target,
      CASE WHEN s.parent_ref = s.external_id THEN 'An account cannot be its own parent.'
        ELSE format('No account "%s" in Roster or in this file.', s.parent_ref) END AS message
    FROM staged s
    WHERE s.parent_ref IS NOT NULL AND (s.parent_ref = s.external_id OR (s.parent_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM staged p WHERE p.external_id = s.parent_ref)))
    UNION ALL
    SELECT row_no, 'externalId',
      format('Rows %s give account "%s" different values.', array_to_string(rows[1:5], ', ') || CASE WHEN cardinality(rows) > 5 THEN ', …' ELSE '' END, external_id)
    FROM conflicts WHERE conflict`;
  return has(context, "parentExternalId") ? [...errors, ...(await cycles(tx, id))] : errors;
}

/**
 * Parents as they would be after the import: the file's for its accounts (new ones named
 * "new:<external id>"), Roster's for every other. Walking up from each account of the file,
 * coming back to it is a cycle.
 */
function cycles(tx: Tx, id: string) {
  return tx.$queryRaw<SqlRowError[]>`
    WITH RECURSIVE staged AS (
      SELECT DISTINCT ON (external_id) row_no, coalesce(account_id::text, 'new:' || external_id) AS node,
        CASE WHEN parent_ref IS NULL THEN NULL ELSE coalesce(parent_id::text, 'new:' || parent_ref) END AS parent
      FROM import_account_rows WHERE import_id = ${id}::uuid AND external_id IS NOT NULL
      ORDER BY external_id, row_no
    ), walk(start, row_no, node, depth) AS (
      SELECT node, row_no, parent, 1 FROM staged WHERE parent IS NOT NULL
      UNION ALL
      SELECT w.start, w.row_no, CASE WHEN s.node IS NOT NULL THEN s.parent ELSE a.parent_id::text END, w.depth + 1
      FROM walk w
      LEFT JOIN staged s ON s.node = w.node
      LEFT JOIN accounts a ON s.node IS NULL AND a.id = CASE WHEN w.node LIKE 'new:%' THEN NULL ELSE w.node::uuid END
      WHERE w.node IS NOT NULL AND w.node <> w.start AND w.depth < 100
    )
    SELECT DISTINCT row_no AS row, 'parentExternalId' AS target, 'This parent would put the account under itself.' AS message
    FROM walk WHERE node = start`;
}

async function lock(tx: Tx, context: ImportContext): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT account_id::text AS id FROM import_account_rows WHERE import_id = ${context.importId}::uuid AND account_id IS NOT NULL
    UNION SELECT parent_id::text FROM import_account_rows WHERE import_id = ${context.importId}::uuid AND parent_id IS NOT NULL`;
  await lockAccountsTopDown(tx, rows.map((row) => row.id));
}

async function plan(tx: Tx, context: ImportContext, previewRows: number) {
  const [raw] = await tx.$queryRaw<Parameters<typeof toPlan>[0][]>`
    WITH judged AS (
      SELECT s.row_no, s.external_id AS key,
        row_number() OVER (PARTITION BY s.external_id ORDER BY s.row_no) AS nth,
        first_value(s.row_no) OVER (PARTITION BY s.external_id ORDER BY s.row_no) AS first_row,
        a.id IS NULL AS is_new,
        array_remove(ARRAY[
          CASE WHEN a.name IS DISTINCT FROM s.name THEN ${change("Name", Prisma.sql`a.name`, Prisma.sql`s.name`)} END,
          CASE WHEN ${has(context, "parentExternalId")} AND a.parent_id::text IS DISTINCT FROM
            (CASE WHEN s.parent_ref IS NULL THEN NULL ELSE coalesce(s.parent_id::text, 'new:' || s.parent_ref) END) THEN 'Parent changes' END,
          CASE WHEN ${has(context, "segment")} AND a.segment IS DISTINCT FROM s.segment THEN ${change("Segment", Prisma.sql`a.segment`, Prisma.sql`s.segment`)} END,
          CASE WHEN ${has(context, "region")} AND a.region IS DISTINCT FROM s.region THEN ${change("Region", Prisma.sql`a.region`, Prisma.sql`s.region`)} END,
          CASE WHEN ${has(context, "arr")} AND a.arr IS DISTINCT FROM s.arr THEN ${change("ARR", money(Prisma.sql`a.arr`), money(Prisma.sql`s.arr`))} END,
          CASE WHEN ${has(context, "csmInheritance")} AND a.csm_inheritance IS DISTINCT FROM coalesce(s.csm_inheritance, 'none') THEN ${change("CSM inheritance", Prisma.sql`a.csm_inheritance::text`, Prisma.sql`coalesce(s.csm_inheritance, 'none')`)} END,
          ${FIELDS_CHANGED}
        ], NULL) AS changed
      FROM import_account_rows s LEFT JOIN accounts a ON a.id = s.account_id
      WHERE s.import_id = ${context.importId}::uuid
    ), by_row AS (
      SELECT row_no, key,
        CASE WHEN nth > 1 THEN 'unchanged' WHEN is_new THEN 'created' WHEN cardinality(changed) > 0 THEN 'updated' ELSE 'unchanged' END AS action,
        CASE WHEN nth > 1 THEN format('Same as row %s.', first_row + 1) WHEN is_new THEN 'New account.'
          WHEN cardinality(changed) > 0 THEN array_to_string(changed, '; ') || '.' ELSE 'Already as in the file.' END AS reason
      FROM judged
    )
    SELECT
      (SELECT json_object_agg(action, n) FROM (SELECT action, count(*)::int AS n FROM by_row GROUP BY action) c) AS counts,
      (SELECT json_agg(json_build_object('row', row_no, 'key', key, 'action', action, 'reason', reason) ORDER BY action = 'unchanged', row_no)
        FROM (SELECT * FROM by_row ORDER BY action = 'unchanged', row_no LIMIT ${previewRows}) p) AS preview`;
  return toPlan(raw);
}

/**
 * Creates the new accounts, then sets every field the file gives (parents last, since a parent
 * may be new too), each change audited like a manual edit in the import's batch. Accounts that
 * come to inherit their CSM take their parent's and pass it down, with stamping.
 */
async function apply(tx: Tx, context: ImportContext): Promise<void> {
  const id = context.importId;
  const actorId = context.actor.id;
  const batchId = context.batchId;
  const created = await tx.$queryRaw<{ id: string }[]>`
    WITH firsts AS (
      SELECT DISTINCT ON (external_id) * FROM import_account_rows
      WHERE import_id = ${id}::uuid AND account_id IS NULL ORDER BY external_id, row_no
    ), inserted AS (
      INSERT INTO accounts (external_id, name, segment, region, arr, csm_inheritance)
      SELECT external_id, name, segment, region, arr, coalesce(csm_inheritance, 'none') FROM firsts
      RETURNING id, external_id, name, segment, region, arr, csm_inheritance
    ), audited AS (
      INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value, batch_id, reason)
      SELECT ${actorId}::uuid, ${context.source ?? "import"}::audit_source, 'account', i.id::text, f.field, NULL, f.value, ${batchId}::uuid, ${context.reason ?? null}
      FROM inserted i CROSS JOIN LATERAL (VALUES ('created', i.name), ('externalId', i.external_id), ('segment', i.segment),
        ('region', i.region), ('arr', i.arr::text),
        ('csmInheritance', CASE WHEN ${has(context, "csmInheritance")} THEN i.csm_inheritance::text END)) AS f(field, value)
      WHERE f.value IS NOT NULL
    ), staged AS (
      UPDATE import_account_rows s SET account_id = i.id FROM inserted i WHERE s.import_id = ${id}::uuid AND s.external_id = i.external_id
    )
    SELECT id::text FROM inserted`;
  await context.progress(1, 3);
  await tx.$executeRaw`
    UPDATE import_account_rows s SET parent_id = a.id FROM accounts a
    WHERE s.import_id = ${id}::uuid AND s.parent_id IS NULL AND a.external_id = s.parent_ref`;

  const createdIds = created.map((row) => row.id);
  const changed = await tx.$queryRaw<{ id: string; parentId: string | null; inherits: boolean; startsInheriting: boolean }[]>`
    WITH firsts AS (
      SELECT DISTINCT ON (external_id) * FROM import_account_rows WHERE import_id = ${id}::uuid ORDER BY external_id, row_no
    ), target AS (
      SELECT a.id, a.id = ANY(${createdIds}::uuid[]) AS is_new,
        a.name AS old_name, f.name AS new_name,
        a.parent_id AS old_parent, CASE WHEN ${has(context, "parentExternalId")} THEN f.parent_id ELSE a.parent_id END AS new_parent,
        a.segment AS old_segment, CASE WHEN ${has(context, "segment")} THEN f.segment ELSE a.segment END AS new_segment,
        a.region AS old_region, CASE WHEN ${has(context, "region")} THEN f.region ELSE a.region END AS new_region,
        a.arr AS old_arr, CASE WHEN ${has(context, "arr")} THEN f.arr ELSE a.arr END AS new_arr,
        a.csm_inheritance AS old_inheritance,
        CASE WHEN ${has(context, "csmInheritance")} THEN coalesce(f.csm_inheritance, 'none') ELSE a.csm_inheritance END AS new_inheritance
      FROM firsts f JOIN accounts a ON a.id = f.account_id
    ), changed AS (
      SELECT * FROM target
      WHERE (old_name, old_parent, old_segment, old_region, old_arr, old_inheritance)
        IS DISTINCT FROM (new_name, new_parent, new_segment, new_region, new_arr, new_inheritance)
    ), updated AS (
      UPDATE accounts a SET name = c.new_name, parent_id = c.new_parent, segment = c.new_segment, region = c.new_region,
        arr = c.new_arr, csm_inheritance = c.new_inheritance,
        version = a.version + CASE WHEN c.is_new THEN 0 ELSE 1 END, updated_at = now()
      FROM changed c WHERE a.id = c.id
    ), audited AS (
      INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value, batch_id, reason)
      SELECT ${actorId}::uuid, ${context.source ?? "import"}::audit_source, 'account', c.id::text, f.field, f.old, f.new, ${batchId}::uuid, ${context.reason ?? null}
      FROM changed c CROSS JOIN LATERAL (VALUES
        ('name', c.old_name, c.new_name), ('parentId', c.old_parent::text, c.new_parent::text),
        ('segment', c.old_segment, c.new_segment), ('region', c.old_region, c.new_region),
        ('arr', c.old_arr::text, c.new_arr::text), ('csmInheritance', c.old_inheritance::text, c.new_inheritance::text)
      ) AS f(field, old, new)
      WHERE f.old IS DISTINCT FROM f.new
    )
    SELECT id::text, new_parent::text AS "parentId", new_inheritance = 'parent' AS inherits,
      (is_new OR old_parent IS DISTINCT FROM new_parent OR old_inheritance IS DISTINCT FROM new_inheritance) AS "startsInheriting"
    FROM changed`;
  await applyFieldValues(tx, id, { actorId, batchId, createdIds, source: context.source, reason: context.reason });
  await context.progress(2, 3);

  // Accounts that now inherit take their parent's CSM. Only the topmost of them are roots: the
  // cascade from a root reaches the inheriting accounts below it with the CSM it ends up with.
  const inheriting = changed.filter((row) => row.inherits && row.parentId && row.startsInheriting);
  const inheritingIds = new Set(inheriting.map((row) => row.id));
  const roots = inheriting.filter((row) => !inheritingIds.has(row.parentId!));
  if (roots.length > 0) {
    const holders = await tx.$queryRaw<{ accountId: string; userId: string | null }[]>`
      SELECT r.id::text AS "accountId", h.user_id::text AS "userId"
      FROM unnest(${roots.map((row) => row.id)}::uuid[], ${roots.map((row) => row.parentId)}::uuid[]) AS r(id, parent_id)
      LEFT JOIN account_role_assignments h ON h.account_id = r.parent_id AND h.role_key = 'csm'`;
    await applyCsm(tx, holders, { actorId, source: "cascade", batchId, includeOverridden: false, reason: context.reason });
  }
  await context.progress(3, 3);
}

export const accountsImport: KindImport = { avoidNestedLoops: true, staging: "import_account_rows", stage, validate, lock, plan, apply };
