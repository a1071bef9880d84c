import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import type { CsvValue } from "@/lib/csv/safe-csv.ts";
import { filters } from "@/lib/domain/accounts/table-query.ts";
import { allRoles } from "@/lib/domain/roles/queries.ts";
import type { AccountExportQuery } from "./schemas.ts";
import { fieldDefinitions } from "@/lib/domain/account-fields/queries.ts";

export const EXPORT_BATCH = 5_000;

type Row = {
  id: string; externalId: string | null; name: string; parentExternalId: string | null; parentName: string | null;
  segment: string | null; region: string | null; arr: string | null; csmInheritance: string; openOpportunities: number;
  team: Record<string, { email: string; name: string | null; pending: boolean }> | null;
  fields: Record<string, string | number | boolean> | null;
};

/**
 * Every account the filters match, with its team, as CSV rows. The columns are the ones an
 * accounts import and an assignments import read back (`external_id`, `parent_external_id`, one
 * column of emails per role), so an export can be edited and loaded again. Read in keyset
 * batches on (name, id): the first row and the millionth cost the same, and memory stays flat.
 * Account fields follow as one column each, named by key, which an accounts import maps back.
 */
export async function exportAccounts(actor: Actor, query: AccountExportQuery, { batchSize = EXPORT_BATCH }: { batchSize?: number } = {}) {
  authorize(actor, "accounts.read");
  const [roles, fields] = await Promise.all([allRoles(), fieldDefinitions()]);
  const header = [
    "id", "external_id", "name", "parent_external_id", "parent_name", "segment", "region", "arr", "csm_inheritance", "open_opportunities",
    ...roles.flatMap((role) => [role.key, `${role.key}_name`]),
    ...fields.map((field) => field.key),
  ];
  const where = filters({ ...query, sort: "name", dir: "asc", limit: batchSize }, fields);
  if (query.parentId) where.push(Prisma.sql`a.parent_id = ${query.parentId}::uuid`);

  async function* rows(): AsyncGenerator<CsvValue[]> {
    let after: { name: string; id: string } | null = null;
    for (;;) {
      const keyset: Prisma.Sql = after ? Prisma.sql`(a.name, a.id) > (${after.name}, ${after.id}::uuid)` : Prisma.sql`TRUE`;
      const batch: Row[] = await db.$queryRaw<Row[]>`
        SELECT a.id::text, a.external_id AS "externalId", a.name, p.external_id AS "parentExternalId", p.name AS "parentName",
          a.segment, a.region, a.arr::text AS arr, a.csm_inheritance::text AS "csmInheritance",
          (SELECT count(*)::int FROM opportunities o WHERE o.account_id = a.id AND NOT o.is_closed) AS "openOpportunities",
          (SELECT jsonb_object_agg(h.role_key, jsonb_build_object(
              'email', coalesce(u.email, h.pending_email), 'name', coalesce(u.name, h.pending_name), 'pending', h.user_id IS NULL))
            FROM account_role_assignments h LEFT JOIN users u ON u.id = h.user_id WHERE h.account_id = a.id) AS team,
          (SELECT jsonb_object_agg(v.field_key, coalesce(to_jsonb(v.num), to_jsonb(v.text), to_jsonb(v.date), to_jsonb(v.bool)))
            FROM account_field_values v WHERE v.account_id = a.id) AS fields
        FROM accounts a LEFT JOIN accounts p ON p.id = a.parent_id
        WHERE ${Prisma.join([...where, keyset], " AND ")}
        ORDER BY a.name, a.id
        LIMIT ${batchSize}`;
      for (const row of batch) {
        yield [
          row.id, row.externalId, row.name, row.parentExternalId, row.parentName, row.segment, row.region,
          row.arr === null ? null : Number(row.arr), row.csmInheritance, row.openOpportunities,
          ...roles.flatMap((role) => {
            const holder = row.team?.[role.key];
            if (!holder) return [null, null];
            return [holder.email, holder.pending ? `${holder.name ?? holder.email} (pending)` : holder.name];
          }),
          ...fields.map((field) => row.fields?.[field.key] ?? null),
        ];
      }
      if (batch.length < batchSize) return;
      const last = batch[batch.length - 1];
      after = { name: last.name, id: last.id };
    }
  }
  return { header, rows: rows() };
}
