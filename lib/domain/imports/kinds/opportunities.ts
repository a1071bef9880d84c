import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { can } from "@/lib/auth/permissions.ts";
import { lockAccountsTopDown } from "@/lib/domain/accounts/lock-account.ts";
import { parseDate, parseMoney, parseStage, parseText } from "../cells.ts";
import { copyRows, type CopyValue } from "../copy-rows.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import { change, money } from "./plan-phrases.ts";
import type { RowError } from "../schemas.ts";
import { cellOf, FIRST_ROWS, type ImportContext, type KindImport, type SqlRowError, toPlan, UUID_PATTERN } from "./types.ts";

const STAGED = ["row_no", "external_id", "account_ref", "name", "stage", "amount", "close_date"] as const;
type Field = "externalId" | "accountExternalId" | "name" | "stage" | "amount" | "closeDate";
const has = (context: ImportContext, field: Field) => context.index.has(field);

async function stage(context: ImportContext, rows: string[][]): Promise<RowError[]> {
  const errors: RowError[] = [];
  const header = (field: Field) => context.columns[context.index.get(field)!]?.header;
  function* staged(): Generator<CopyValue[]> {
    for (let i = 0; i < rows.length; i++) {
      const row = i + 1;
      const bad = new Set<Field>();
      const read = <T>(field: Field, parse: (raw: string) => { value: T } | { error: string }): T | null => {
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
      const account = read("accountExternalId", (raw) => parseText(raw, 64, "The account"));
      const name = read("name", (raw) => parseText(raw, 255, "The name"));
      const required: [Field, unknown, string][] = [
        ["externalId", externalId, "Enter the opportunity's external id."],
        ["accountExternalId", account, "Enter the account."],
        ["name", name, "Enter a name."],
      ];
      for (const [field, value, message] of required) if (value === null && !bad.has(field)) errors.push({ row, column: header(field), message });
      yield [row, externalId, account, name, read("stage", parseStage), read("amount", parseMoney), read("closeDate", parseDate)];
    }
  }
  await copyRows(context.importId, "import_opportunity_rows", STAGED, staged(), (sent) => context.progress(sent, rows.length));
  return errors;
}

/**
 * Resolves accounts (external id, or Roster id) and existing opportunities (external id), then
 * lists: unknown accounts, an opportunity the file puts under another account (an import does
 * not move opportunities), stage changes the stage rules refuse (reopening a merged one; closed
 * ones for profiles that may not edit them), and one external id given different values.
 */
async function validate(tx: Tx, context: ImportContext): Promise<SqlRowError[]> {
  const id = context.importId;
  await tx.$executeRaw`
    UPDATE import_opportunity_rows s SET account_id = a.id FROM accounts a WHERE s.import_id = ${id}::uuid AND a.external_id = s.account_ref`;
  await tx.$executeRaw`
    UPDATE import_opportunity_rows s SET account_id = a.id FROM accounts a
    WHERE s.import_id = ${id}::uuid AND s.account_id IS NULL AND a.id = CASE WHEN s.account_ref ~ ${UUID_PATTERN} THEN s.account_ref::uuid END`;
  await tx.$executeRaw`
    UPDATE import_opportunity_rows s SET opportunity_id = o.id FROM opportunities o WHERE s.import_id = ${id}::uuid AND o.external_id = s.external_id`;
  const mayReopen = can(context.actor.profile, "opportunities.reopen");
  const mayEditLocked = can(context.actor.profile, "opportunities.editLocked");
  return tx.$queryRaw<SqlRowError[]>`
    WITH staged AS (SELECT * FROM import_opportunity_rows WHERE import_id = ${id}::uuid),
    -- Window functions, not a join back to an aggregate (see the assignments import).
    keyed AS (
      SELECT row_no, external_id, jsonb_build_array(account_ref, name, stage, amount, close_date)::text AS value FROM staged WHERE external_id IS NOT NULL
    ),
    conflicts AS (
      SELECT row_no, external_id, ${FIRST_ROWS} AS rows, min(value) OVER w <> max(value) OVER w AS conflict
      FROM keyed WINDOW w AS (PARTITION BY external_id ORDER BY row_no ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    )
    SELECT row_no AS row, 'accountExternalId' AS target, format('Unknown account "%s".', account_ref) AS message
    FROM staged WHERE account_ref IS NOT NULL AND account_id IS NULL
    UNION ALL
    SELECT s.row_no, 'accountExternalId', format('Opportunity "%s" belongs to account "%s"; an import does not move opportunities.',
      s.external_id, coalesce(a.external_id, a.name))
    FROM staged s JOIN opportunities o ON o.id = s.opportunity_id JOIN accounts a ON a.id = o.account_id
    WHERE s.account_id IS NOT NULL AND o.account_id <> s.account_id
    UNION ALL
    SELECT s.row_no, 'stage',
      CASE WHEN o.merged_into_id IS NOT NULL THEN 'A merged opportunity cannot be reopened.'
        ELSE 'Only privileged profiles may reopen a closed opportunity.' END
    FROM staged s JOIN opportunities o ON o.id = s.opportunity_id
    WHERE ${has(context, "stage")} AND o.is_closed AND s.stage IN ('prospecting', 'discovery', 'proposal', 'negotiation')
      AND (o.merged_into_id IS NOT NULL OR NOT ${mayReopen})
    UNION ALL
    SELECT s.row_no, 'stage', 'Only privileged profiles may change the outcome of a closed opportunity.'
    FROM staged s JOIN opportunities o ON o.id = s.opportunity_id
    WHERE ${has(context, "stage")} AND o.is_closed AND s.stage IN ('closed_won', 'closed_lost') AND s.stage <> o.stage AND NOT ${mayEditLocked}
    UNION ALL
    SELECT row_no, 'externalId',
      format('Rows %s give opportunity "%s" different values.', array_to_string(rows[1:5], ', ') || CASE WHEN cardinality(rows) > 5 THEN ', …' ELSE '' END, external_id)
    FROM conflicts WHERE conflict`;
}

/** The accounts first (creation stamps from them; a reopen re-stamps), then the opportunities. */
async function lock(tx: Tx, context: ImportContext): Promise<void> {
  const accounts = await tx.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT account_id::text AS id FROM import_opportunity_rows WHERE import_id = ${context.importId}::uuid AND account_id IS NOT NULL`;
  await lockAccountsTopDown(tx, accounts.map((row) => row.id));
  await tx.$queryRaw`
    SELECT o.id FROM opportunities o
    WHERE o.id IN (SELECT opportunity_id FROM import_opportunity_rows WHERE import_id = ${context.importId}::uuid)
    ORDER BY o.id FOR UPDATE OF o`;
}

async function plan(tx: Tx, context: ImportContext, previewRows: number) {
  const [raw] = await tx.$queryRaw<Parameters<typeof toPlan>[0][]>`
    WITH judged AS (
      SELECT s.row_no, s.external_id AS key,
        row_number() OVER (PARTITION BY s.external_id ORDER BY s.row_no) AS nth,
        first_value(s.row_no) OVER (PARTITION BY s.external_id ORDER BY s.row_no) AS first_row,
        o.id IS NULL AS is_new,
        array_remove(ARRAY[
          CASE WHEN o.name IS DISTINCT FROM s.name THEN ${change("Name", Prisma.sql`o.name`, Prisma.sql`s.name`)} END,
          CASE WHEN ${has(context, "stage")} AND s.stage IS NOT NULL AND o.stage IS DISTINCT FROM s.stage THEN ${change("Stage", Prisma.sql`o.stage::text`, Prisma.sql`s.stage::text`)} END,
          CASE WHEN ${has(context, "amount")} AND o.amount IS DISTINCT FROM s.amount THEN ${change("Amount", money(Prisma.sql`o.amount`), money(Prisma.sql`s.amount`))} END,
          CASE WHEN ${has(context, "closeDate")} AND o.close_date IS DISTINCT FROM s.close_date THEN ${change("Close date", Prisma.sql`o.close_date::text`, Prisma.sql`s.close_date::text`)} END
        ], NULL) AS changed
      FROM import_opportunity_rows s LEFT JOIN opportunities o ON o.id = s.opportunity_id
      WHERE s.import_id = ${context.importId}::uuid
    ), by_row AS (
      SELECT row_no, key,
        CASE WHEN nth > 1 THEN 'unchanged' WHEN is_new THEN 'created' WHEN cardinality(changed) > 0 THEN 'updated' ELSE 'unchanged' END AS action,
        CASE WHEN nth > 1 THEN format('Same as row %s.', first_row + 1) WHEN is_new THEN 'New opportunity, stamped with its account''s CSM.'
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
 * New opportunities are created as createOpportunity does: stamped with the account's CSM, the
 * account's SA as primary SA, closed (and locked) from the start when their stage is closed.
 * Existing ones follow updateOpportunity's stage machine: closing sets closedAt and locks,
 * reopening clears it and re-stamps the account's CSM unless overridden. Audited alike.
 */
async function apply(tx: Tx, context: ImportContext): Promise<void> {
  const id = context.importId;
  const actorId = context.actor.id;
  const batchId = context.batchId;
  await tx.$executeRaw`
    WITH firsts AS (
      SELECT DISTINCT ON (external_id) * FROM import_opportunity_rows
      WHERE import_id = ${id}::uuid AND opportunity_id IS NULL ORDER BY external_id, row_no
    ), inserted AS (
      INSERT INTO opportunities (external_id, account_id, name, stage, amount, close_date, closed_at, csm_id, primary_sa_id)
      SELECT f.external_id, f.account_id, f.name, coalesce(f.stage, 'prospecting'), f.amount, f.close_date,
        CASE WHEN f.stage IN ('closed_won', 'closed_lost') THEN now() END, csm.user_id, sa.user_id
      FROM firsts f
      LEFT JOIN account_role_assignments csm ON csm.account_id = f.account_id AND csm.role_key = 'csm'
      LEFT JOIN account_role_assignments sa ON sa.account_id = f.account_id AND sa.role_key = 'sa'
      RETURNING id, name, stage, is_closed, csm_id, primary_sa_id
    )
    INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value, batch_id, reason)
    SELECT ${actorId}::uuid, ${context.source ?? "import"}::audit_source, 'opportunity', i.id::text, f.field, f.old, f.new, ${batchId}::uuid, ${context.reason ?? null}
    FROM inserted i CROSS JOIN LATERAL (VALUES
      ('created', NULL, i.name), ('csm', NULL, i.csm_id::text), ('primary_sa', NULL, i.primary_sa_id::text),
      ('stage', NULL, CASE WHEN i.is_closed THEN i.stage::text END), ('locked', 'false', CASE WHEN i.is_closed THEN 'true' END)
    ) AS f(field, old, new)
    WHERE f.new IS NOT NULL`;
  await context.progress(1, 2);
  await tx.$executeRaw`
    WITH firsts AS (
      SELECT DISTINCT ON (external_id) * FROM import_opportunity_rows
      WHERE import_id = ${id}::uuid AND opportunity_id IS NOT NULL ORDER BY external_id, row_no
    ), target AS (
      SELECT o.id, o.name AS old_name, f.name AS new_name, o.stage AS old_stage,
        CASE WHEN ${has(context, "stage")} THEN coalesce(f.stage, o.stage) ELSE o.stage END AS new_stage,
        o.amount AS old_amount, CASE WHEN ${has(context, "amount")} THEN f.amount ELSE o.amount END AS new_amount,
        o.close_date AS old_close, CASE WHEN ${has(context, "closeDate")} THEN f.close_date ELSE o.close_date END AS new_close,
        o.is_closed AS was_closed, o.csm_id AS old_csm, o.csm_overridden, h.user_id AS account_csm
      FROM firsts f JOIN opportunities o ON o.id = f.opportunity_id
      LEFT JOIN account_role_assignments h ON h.account_id = o.account_id AND h.role_key = 'csm'
    ), changed AS (
      SELECT *, new_stage IN ('closed_won', 'closed_lost') AS to_closed FROM target
      WHERE (old_name, old_stage, old_amount, old_close) IS DISTINCT FROM (new_name, new_stage, new_amount, new_close)
    ), planned AS (
      SELECT *, (was_closed AND NOT to_closed AND NOT csm_overridden) AS restamp FROM changed
    ), updated AS (
      UPDATE opportunities o SET name = p.new_name, stage = p.new_stage, amount = p.new_amount, close_date = p.new_close,
        closed_at = CASE WHEN NOT p.was_closed AND p.to_closed THEN now() WHEN p.was_closed AND NOT p.to_closed THEN NULL ELSE o.closed_at END,
        csm_id = CASE WHEN p.restamp THEN p.account_csm ELSE o.csm_id END,
        version = o.version + 1, updated_at = now()
      FROM planned p WHERE o.id = p.id
    )
    INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value, batch_id, reason)
    SELECT ${actorId}::uuid, ${context.source ?? "import"}::audit_source, 'opportunity', p.id::text, f.field, f.old, f.new, ${batchId}::uuid, ${context.reason ?? null}
    FROM planned p CROSS JOIN LATERAL (VALUES
      (1, 'name', p.old_name, p.new_name),
      (2, 'amount', p.old_amount::text, p.new_amount::text),
      (3, 'close_date', to_char(p.old_close, 'YYYY-MM-DD'), to_char(p.new_close, 'YYYY-MM-DD')),
      (4, 'stage', p.old_stage::text, p.new_stage::text),
      (5, 'locked', p.was_closed::text, p.to_closed::text),
      (6, 'csm', p.old_csm::text, CASE WHEN p.restamp THEN p.account_csm::text ELSE p.old_csm::text END)
    ) AS f(n, field, old, new)
    WHERE f.old IS DISTINCT FROM f.new
    ORDER BY p.id, f.n`;
  await context.progress(2, 2);
}

export const opportunitiesImport: KindImport = { avoidNestedLoops: true, staging: "import_opportunity_rows", stage, validate, lock, plan, apply };
