import "server-only";
import { db } from "@/lib/db/client.ts";
import { RECORDS_PER_CALL } from "./config.ts";
import type { SalesforceClient } from "./connection.ts";
import type { Failure } from "./pending.ts";
import { resolveUsers } from "./users.ts";

/**
 * The custom field on Lead and Opportunity that holds a CSQL's Roster id. CSQLs are *upserted* by
 * it: a send repeated after a crash finds the record it created the first time instead of making a
 * second lead.
 */
export const CSQL_KEY_FIELD = "Roster_CSQL_Id__c";
/** A CSQL raised as an opportunity starts at the first stage, closing a quarter out. */
const FIRST_STAGE = "Prospecting";
const CLOSE_AFTER_DAYS = 90;

type CsqlRow = {
  id: string; title: string; description: string | null; kind: string; estimatedAmount: string | null; contactName: string | null;
  contactEmail: string | null; createdAt: Date; externalId: string | null; accountName: string; accountExternalId: string | null; ownerEmail: string | null;
};

/**
 * New CSQLs go to Salesforce as Leads or Opportunities (the admin's choice), owned by the CSQL's
 * owner when they have a Salesforce user; the Salesforce Id comes back as the CSQL's `externalId`.
 */
export async function sendCsqls(client: SalesforceClient, target: "lead" | "opportunity", ids: string[]): Promise<Failure[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<CsqlRow[]>`
    SELECT c.id::text, c.title, c.description, c.kind::text, c.estimated_amount::text AS "estimatedAmount", c.contact_name AS "contactName",
      c.contact_email AS "contactEmail", c.created_at AS "createdAt", c.external_id AS "externalId", a.name AS "accountName",
      a.external_id AS "accountExternalId", lower(o.email) AS "ownerEmail"
    FROM csqls c JOIN accounts a ON a.id = c.account_id LEFT JOIN users o ON o.id = c.owner_id
    WHERE c.id = ANY(${ids}::uuid[])`;
  const owners = await resolveUsers(client, rows.flatMap((row) => (row.ownerEmail ? [row.ownerEmail] : [])));
  const failures: Failure[] = [];
  const payloads: { row: CsqlRow; record: Record<string, unknown> }[] = [];
  for (const row of rows) {
    const ownerId = row.ownerEmail ? owners.get(row.ownerEmail) : undefined;
    const common = { [CSQL_KEY_FIELD]: row.id, Description: row.description ?? `CSQL (${row.kind.replace("_", " ")}) raised in Roster.`, ...(ownerId ? { OwnerId: ownerId } : {}) };
    if (target === "lead") {
      payloads.push({ row, record: {
        attributes: { type: "Lead" }, ...common, LastName: row.contactName ?? row.title, Company: row.accountName, Title: row.title,
        ...(row.contactEmail ? { Email: row.contactEmail } : {}), Status: "Open - Not Contacted",
      } });
    } else if (!row.accountExternalId) {
      failures.push({ object: "Csql", recordId: row.id, code: "ACCOUNT_NOT_IN_SALESFORCE", message: `Account "${row.accountName}" has no Salesforce Id, so the CSQL cannot become an opportunity there.` });
    } else {
      const closeDate = new Date(row.createdAt.getTime() + CLOSE_AFTER_DAYS * 86_400_000).toISOString().slice(0, 10);
      payloads.push({ row, record: {
        attributes: { type: "Opportunity" }, ...common, Name: row.title, AccountId: row.accountExternalId, StageName: FIRST_STAGE, CloseDate: closeDate,
        ...(row.estimatedAmount !== null ? { Amount: Number(row.estimatedAmount) } : {}),
      } });
    }
  }
  const object = target === "lead" ? "Lead" : "Opportunity";
  const linked: { id: string; externalId: string }[] = [];
  for (let start = 0; start < payloads.length; start += RECORDS_PER_CALL) {
    const batch = payloads.slice(start, start + RECORDS_PER_CALL);
    const results = await client.upsert(object, CSQL_KEY_FIELD, batch.map((payload) => payload.record));
    batch.forEach(({ row }, index) => {
      const result = results[index];
      if (result?.success && result.id) {
        if (row.externalId !== result.id) linked.push({ id: row.id, externalId: result.id });
        return;
      }
      const error = result?.errors?.[0];
      failures.push({ object: "Csql", recordId: row.id, code: error?.statusCode ?? "NO_RESULT", message: error?.message ?? "Salesforce gave no result for this CSQL." });
    });
  }
  if (linked.length > 0) {
    // Audited like any change to a CSQL, as the sync's own write.
    await db.$executeRaw`
      WITH linked AS (SELECT * FROM unnest(${linked.map((row) => row.id)}::uuid[], ${linked.map((row) => row.externalId)}::text[]) AS l(id, external_id)),
      updated AS (
        UPDATE csqls c SET external_id = l.external_id, updated_at = now() FROM linked l WHERE c.id = l.id
        RETURNING c.id, l.external_id
      )
      INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value)
      SELECT NULL, 'salesforce', 'csql', id::text, 'externalId', NULL, external_id FROM updated`;
  }
  return failures;
}
