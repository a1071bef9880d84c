import "server-only";
import { db } from "@/lib/db/client.ts";
import { type SalesforceClient, soqlString } from "./connection.ts";

type UserRecord = { Id: string; Email: string | null; IsActive: boolean };

/** Stores Salesforce users by lower-cased email (one set-based statement per page). */
export async function cacheUsers(records: UserRecord[]): Promise<void> {
  const rows = records.filter((record) => record.Email);
  if (rows.length === 0) return;
  // Two Salesforce users may share an email; the active one wins, then the last one read.
  const byEmail = new Map<string, UserRecord>();
  for (const row of rows) {
    const key = row.Email!.toLowerCase();
    const seen = byEmail.get(key);
    if (!seen || row.IsActive || !seen.IsActive) byEmail.set(key, row);
  }
  const list = [...byEmail.entries()];
  await db.$executeRaw`
    INSERT INTO salesforce_users (email, salesforce_id, active)
    SELECT * FROM unnest(${list.map(([email]) => email)}::text[], ${list.map(([, row]) => row.Id)}::text[], ${list.map(([, row]) => row.IsActive)}::boolean[])
    ON CONFLICT (email) DO UPDATE SET salesforce_id = EXCLUDED.salesforce_id, active = EXCLUDED.active, refreshed_at = now()`;
}

/**
 * Salesforce User Ids for these emails: from the cache (filled by the inbound poll), and the ones
 * it lacks asked of Salesforce in a few queries (and remembered). An email no active Salesforce
 * user has stays out of the map: the record that needs it fails with that reason.
 */
export async function resolveUsers(client: SalesforceClient, emails: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set([...emails].map((email) => email.toLowerCase()))];
  const resolved = new Map<string, string>();
  if (wanted.length === 0) return resolved;
  const cached = await db.salesforceUser.findMany({ where: { email: { in: wanted } }, select: { email: true, salesforceId: true, active: true } });
  for (const row of cached) if (row.active) resolved.set(row.email, row.salesforceId);
  const known = new Set(cached.map((row) => row.email));
  const missing = wanted.filter((email) => !known.has(email));
  // A SOQL statement may be 100,000 characters long: 200 emails a query stays well inside it.
  for (let start = 0; start < missing.length; start += 200) {
    const chunk = missing.slice(start, start + 200);
    const found: UserRecord[] = [];
    for await (const page of client.pages<UserRecord>(`SELECT Id, Email, IsActive FROM User WHERE Email IN (${chunk.map(soqlString).join(", ")})`)) {
      found.push(...page);
    }
    await cacheUsers(found);
    for (const row of found) if (row.Email && row.IsActive) resolved.set(row.Email.toLowerCase(), row.Id);
  }
  return resolved;
}
