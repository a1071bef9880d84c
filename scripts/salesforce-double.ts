// `npm run salesforce:double`: the Salesforce API double (test/salesforce-double) on a fixed port,
// holding the demo's org — the same users, accounts and opportunities, with the same Salesforce Ids
// (externalId) as `npm start`'s demo data — so the sync can be watched without a Salesforce org.
// The demo data is generated (deterministically) in a throw-away PostgreSQL and read back.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded.ts";
import { migrate } from "../lib/db/migrate.ts";
import { seedDemo } from "../lib/db/seed/demo.ts";
import { startSalesforceDouble } from "../test/salesforce-double/server.ts";

const STAGE_NAMES: Record<string, string> = {
  prospecting: "Prospecting", discovery: "Needs Analysis", proposal: "Proposal/Price Quote", negotiation: "Negotiation/Review",
  closed_won: "Closed Won", closed_lost: "Closed Lost",
};

async function demoOrg() {
  const dir = mkdtempSync(join(tmpdir(), "roster-sf-double-"));
  const database = await startEmbeddedPostgres(dir, "roster", { throwaway: true });
  try {
    await migrate(database.url);
    await seedDemo(database.url);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const users = (await client.query("SELECT email, name, active FROM users ORDER BY email")).rows;
      const accounts = (await client.query(`
        SELECT a.external_id, a.name, p.external_id AS parent FROM accounts a LEFT JOIN accounts p ON p.id = a.parent_id
        WHERE a.external_id IS NOT NULL ORDER BY a.parent_id NULLS FIRST, a.external_id`)).rows;
      const opportunities = (await client.query(`
        SELECT o.external_id, a.external_id AS account, o.name, o.stage::text, o.amount::float8 AS amount, to_char(o.close_date, 'YYYY-MM-DD') AS close_date
        FROM opportunities o JOIN accounts a ON a.id = o.account_id WHERE o.external_id IS NOT NULL AND o.merged_into_id IS NULL`)).rows;
      return { users, accounts, opportunities };
    } finally {
      await client.end();
    }
  } finally {
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const started = Date.now();
const org = await demoOrg();
const double = await startSalesforceDouble({
  port: Number(process.env.SALESFORCE_DOUBLE_PORT ?? 4010),
  clientId: process.env.SALESFORCE_CLIENT_ID ?? "roster-demo",
  clientSecret: process.env.SALESFORCE_CLIENT_SECRET ?? "roster-demo-secret",
  log: process.env.SALESFORCE_DOUBLE_LOG !== "0",
});
for (const user of org.users) double.org.insert("User", { Email: user.email, Name: user.name, IsActive: user.active });
for (const account of org.accounts) double.org.insert("Account", { Id: account.external_id, Name: account.name, ParentId: account.parent });
for (const opp of org.opportunities) {
  double.org.insert("Opportunity", {
    Id: opp.external_id, AccountId: opp.account, Name: opp.name, StageName: STAGE_NAMES[opp.stage] ?? "Prospecting", Amount: opp.amount, CloseDate: opp.close_date,
  });
}
console.log(`[salesforce double] the demo org (${org.users.length} users, ${org.accounts.length} accounts, ${org.opportunities.length} opportunities) in ${Date.now() - started} ms`);
console.log(`[salesforce double] listening on ${double.url}; start Roster with:`);
console.log(`  SALESFORCE_LOGIN_URL=${double.url} SALESFORCE_CLIENT_ID=${double.clientId} SALESFORCE_CLIENT_SECRET=${double.clientSecret} npm start`);
console.log(`[salesforce double] a rep creating an opportunity in "Salesforce":`);
console.log(`  curl -X POST ${double.url}/__double/Opportunity -H 'content-type: application/json' -d '{"Name":"New deal","AccountId":"${org.accounts[0]?.external_id}","StageName":"Prospecting","CloseDate":"2027-06-30"}'`);
const stop = async () => {
  await double.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
