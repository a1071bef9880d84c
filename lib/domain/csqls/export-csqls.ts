import "server-only";
import type { Actor } from "@/lib/auth/actor.ts";
import type { CsvValue } from "@/lib/csv/safe-csv.ts";
import { listCsqls } from "./queries.ts";
import type { ListCsqlsQuery } from "./schemas.ts";

/** Every CSQL the list's filters match, page by page (keyset), so memory stays flat. */
export async function exportCsqls(actor: Actor, query: ListCsqlsQuery) {
  const header = [
    "id", "created_at", "account_id", "account", "title", "kind", "status", "estimated_amount", "raised_by", "raised_by_email",
    "owner", "owner_email", "opportunity_id", "reject_reason", "contact_name", "contact_email",
  ];
  async function* rows(): AsyncGenerator<CsvValue[]> {
    let cursor: string | undefined;
    do {
      const page = await listCsqls(actor, { ...query, cursor, limit: 200 });
      for (const c of page.items) {
        yield [
          c.id, c.createdAt, c.accountId, c.accountName, c.title, c.kind, c.status, c.estimatedAmount, c.createdBy.name, c.createdBy.email,
          c.owner?.name ?? null, c.owner?.email ?? null, c.opportunityId, c.rejectReason, c.contactName, c.contactEmail,
        ];
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return { header, rows: rows() };
}
