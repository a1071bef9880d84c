import "server-only";
import { db } from "@/lib/db/client.ts";
import { type SalesforceDouble, startSalesforceDouble } from "@/test/salesforce-double/server.ts";
import { runOutbound } from "./run-outbound.ts";

/** Starts the double and points the connector at it (this test process only). */
export async function connectToDouble(options: Parameters<typeof startSalesforceDouble>[0] = {}): Promise<SalesforceDouble> {
  const double = await startSalesforceDouble(options);
  Object.assign(process.env, double.env(), { SALESFORCE_BACKOFF_MS: "5" });
  return double;
}

/** A Salesforce user with the Roster user's email. */
export function linkUser(double: SalesforceDouble, user: { email: string; name: string }): string {
  return double.org.insert("User", { Email: user.email, Name: user.name, IsActive: true }).Id;
}

/** A Salesforce account for a Roster account, which takes its Id as externalId. */
export async function linkAccount(double: SalesforceDouble, account: { id: string; name: string }): Promise<string> {
  const id = double.org.insert("Account", { Name: account.name }).Id;
  await db.account.update({ where: { id: account.id }, data: { externalId: id } });
  return id;
}

/** Every opportunity of the account gets a Salesforce twin and its Id (set-based: tests make thousands). */
export async function linkOpportunities(double: SalesforceDouble, accountId: string, accountExternalId: string): Promise<Map<string, string>> {
  const rows = await db.opportunity.findMany({ where: { accountId }, select: { id: true, name: true, stage: true } });
  const ids = rows.map((row) => double.org.insert("Opportunity", {
    Name: row.name, AccountId: accountExternalId, StageName: row.stage === "closed_won" ? "Closed Won" : row.stage === "closed_lost" ? "Closed Lost" : "Prospecting",
  }).Id);
  await db.$executeRaw`
    UPDATE opportunities o SET external_id = l.external_id FROM unnest(${rows.map((row) => row.id)}::uuid[], ${ids}::text[]) AS l(id, external_id)
    WHERE o.id = l.id`;
  return new Map(rows.map((row, index) => [row.id, ids[index]!]));
}

/** Runs outbound until the feed is consumed and nothing is due (retries due in milliseconds here). */
export async function drainOutbound(): Promise<void> {
  for (let round = 0; round < 50; round++) {
    const result = await runOutbound();
    if (result && result.records === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("outbound did not settle");
}
