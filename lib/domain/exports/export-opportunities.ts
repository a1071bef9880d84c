import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import type { CsvValue } from "@/lib/csv/safe-csv.ts";
import { filters } from "@/lib/domain/opportunities/table-query.ts";
import { EXPORT_BATCH } from "./export-accounts.ts";
import type { OpportunityExportQuery } from "./schemas.ts";

export const OPPORTUNITY_EXPORT_HEADER = [
  "id", "external_id", "name", "account_id", "account_external_id", "account_name", "stage", "is_closed", "amount", "close_date",
  "closed_at", "csm", "csm_name", "csm_overridden", "primary_sa", "primary_sa_name", "supporting_sas", "merged_into_id", "created_at",
] as const;

type Row = {
  id: string; externalId: string | null; name: string; accountId: string; accountExternalId: string | null; accountName: string;
  stage: string; isClosed: boolean; amount: string | null; closeDate: string | null; closedAt: Date | null;
  csmEmail: string | null; csmName: string | null; csmOverridden: boolean; saEmail: string | null; saName: string | null;
  supportingSas: string | null; mergedIntoId: string | null; createdAt: Date; createdKey: string;
};

/**
 * Every opportunity the filters match, with its CSM and SAs (emails, as an import reads them),
 * newest first, in keyset batches on (created_at, id) — the index the list pages on.
 */
export async function exportOpportunities(actor: Actor, query: OpportunityExportQuery, { batchSize = EXPORT_BATCH }: { batchSize?: number } = {}) {
  authorize(actor, "opportunities.read");
  const where = filters({ ...query, sort: "createdAt", dir: "desc", limit: batchSize });

  async function* rows(): AsyncGenerator<CsvValue[]> {
    let after: { createdKey: string; id: string } | null = null;
    for (;;) {
      const keyset: Prisma.Sql = after
        ? Prisma.sql`(o.created_at, o.id) < (${after.createdKey}::timestamptz, ${after.id}::uuid)`
        : Prisma.sql`TRUE`;
      const batch: Row[] = await db.$queryRaw<Row[]>`
        SELECT o.id::text, o.external_id AS "externalId", o.name, a.id::text AS "accountId", a.external_id AS "accountExternalId",
          a.name AS "accountName", o.stage::text AS stage, o.is_closed AS "isClosed", o.amount::text AS amount,
          to_char(o.close_date, 'YYYY-MM-DD') AS "closeDate", o.closed_at AS "closedAt",
          c.email AS "csmEmail", c.name AS "csmName", o.csm_overridden AS "csmOverridden", s.email AS "saEmail", s.name AS "saName",
          (SELECT string_agg(u.email, '; ' ORDER BY u.email) FROM opportunity_supporting_sas ss JOIN users u ON u.id = ss.user_id
            WHERE ss.opportunity_id = o.id) AS "supportingSas",
          o.merged_into_id::text AS "mergedIntoId", o.created_at AS "createdAt",
          -- microseconds intact, so the next batch starts exactly after this one
          to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdKey"
        FROM opportunities o
        JOIN accounts a ON a.id = o.account_id
        LEFT JOIN users c ON c.id = o.csm_id
        LEFT JOIN users s ON s.id = o.primary_sa_id
        WHERE ${Prisma.join([...where, keyset], " AND ")}
        ORDER BY o.created_at DESC, o.id DESC
        LIMIT ${batchSize}`;
      for (const row of batch) {
        yield [
          row.id, row.externalId, row.name, row.accountId, row.accountExternalId, row.accountName, row.stage, row.isClosed,
          row.amount === null ? null : Number(row.amount), row.closeDate, row.closedAt, row.csmEmail, row.csmName, row.csmOverridden,
          row.saEmail, row.saName, row.supportingSas, row.mergedIntoId, row.createdAt,
        ];
      }
      if (batch.length < batchSize) return;
      const last = batch[batch.length - 1];
      after = { createdKey: last.createdKey, id: last.id };
    }
  }
  return { header: [...OPPORTUNITY_EXPORT_HEADER], rows: rows() };
}
