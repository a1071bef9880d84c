import "server-only";
import pg from "pg";
import { buildAccounts, type SeedAccount } from "./accounts.ts";
import { withoutIndexes } from "./bulk-load.ts";
import { Copy, copyRows, RowWriter } from "./copy.ts";
import { ACTIVITY_COLUMNS, OPPORTUNITY_COLUMNS, SUPPORTING_SA_COLUMNS, writeOpportunities } from "./opportunities.ts";
import { Rng } from "./random.ts";
import { assignTeams } from "./team.ts";
import { ASSIGNMENT_COLUMNS, AUDIT_COLUMNS, teamRows } from "./team-rows.ts";
import { buildUsers, type SeedUser } from "./users.ts";
import { FIELD_VALUE_COLUMNS, fieldValueRows, SEED_FIELDS } from "./fields.ts";

export type GenerateOptions = {
  accounts: number;
  opportunities: number;
  /** People in the org; 40 unless told. */
  users?: number;
  seed?: number;
  /** One extra account per number, "Whale n", with n open opportunities (for benchmarks). */
  whales?: number[];
  /** Stored for every user, so any of them can sign in with the same password. */
  passwordHash: string;
  /** Include the fixed demo sign-ins (admin@demo.roster, csm@demo.roster, …). */
  demo?: boolean;
  /** "Now" for the data set: dates are relative to it. Defaults to the start of today (UTC), so a seed reproduces the same data all day. */
  asOf?: Date;
  /** Receives one line per phase with its duration, for benchmarks. */
  log?: (message: string) => void;
};

export type GenerateResult = {
  users: number; accounts: number; opportunities: number; activities: number; auditEntries: number; fieldValues: number; ms: number;
};

// Any key will do as long as every seeding instance uses the same one.
const SEED_LOCK = 7_246_351_983;
const BULK_TABLES = ["accounts", "account_role_assignments", "audit_entries", "opportunities", "opportunity_supporting_sas", "activities", "account_field_values"];
const USER_COLUMNS = ["id", "email", "name", "profile", "active", "manager_id", "capacity", "password_hash", "created_at", "updated_at"];
const ACCOUNT_COLUMNS = ["id", "external_id", "name", "parent_id", "segment", "region", "arr", "csm_inheritance", "version", "created_at", "updated_at"];

/**
 * Fills an empty, migrated database with a believable customer success org: users, accounts with
 * hierarchies and teams, opportunities stamped as Roster stamps them, SA activities and the audit
 * trail behind every assignment. Deterministic: the same options give the same bytes. Scales to
 * 100k accounts and 2M opportunities by streaming COPY and building indexes once at the end.
 */
export async function generateDataset(databaseUrl: string, options: GenerateOptions): Promise<GenerateResult> {
  const result = await generateIfEmpty(databaseUrl, options);
  if (!result) throw new Error("generateDataset needs an empty database, and this one already has users or accounts");
  return result;
}

/**
 * Generates only when the database has no users and no accounts yet, else returns null. A
 * transaction-level advisory lock makes a second instance starting at the same time wait, then
 * find the data there; everything is one transaction, so a failure leaves the database empty.
 */
export async function generateIfEmpty(databaseUrl: string, options: GenerateOptions): Promise<GenerateResult | null> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [SEED_LOCK]);
    const { rows } = await client.query("SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM accounts) AS taken");
    if (rows[0].taken) {
      await client.query("ROLLBACK");
      return null;
    }
    const counts = await fill(client, options);
    // A generated history is nobody's news: notifications start after it.
    await client.query("UPDATE notification_consumer SET after_audit_id = (SELECT coalesce(max(id), 0) FROM audit_entries)");
    await client.query("COMMIT");
    // The bulk tables were analyzed while loading; the users table is small and quick.
    await client.query("ANALYZE users");
    return { ...counts, ms: Date.now() - started };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function fill(client: pg.Client, options: GenerateOptions): Promise<Omit<GenerateResult, "ms">> {
  const lap = stopwatch(options.log);
  const demo = options.demo ?? false;
  const asOf = (options.asOf ?? startOfToday()).getTime();
  const rng = new Rng(options.seed ?? 42);
  const org = rng.fork("org").base62(4);

  const users = buildUsers(rng.fork("users"), options.users ?? 40, demo, asOf);
  const accounts = buildAccounts(rng.fork("accounts"), org, options.accounts, options.whales ?? [], asOf);
  assignTeams(rng.fork("team"), accounts, users, { asOf, demo });
  const importer = users.find((u) => u.profile === "integration")!;
  const changer = users.find((u) => u.profile === "csm_manager")!;
  const team = teamRows(rng.fork("audit"), accounts, importer, changer);
  lap("users, accounts, teams and history built");

  const fieldValues = fieldValueRows(rng.fork("fields"), accounts, asOf);
  lap("account field values built");

  await copyRows(client, "users", USER_COLUMNS, userRows(users, options.passwordHash));
  for (const [index, field] of SEED_FIELDS.entries()) {
    await client.query(
      `INSERT INTO account_fields (key, label, type, options, owner, editable_by, score, show_in_table, sort_order)
       VALUES ($1, $2, $3, $4, $5, $6::profile[], $7, $8, $9)`,
      [field.key, field.label, field.type, "options" in field ? field.options : [], field.owner, field.editableBy, field.score, field.showInTable, (index + 1) * 10],
    );
  }
  return withoutIndexes(client, BULK_TABLES, lap, async () => {
    await copyRows(client, "accounts", ACCOUNT_COLUMNS, accountRows(accounts));
    await copyRows(client, "account_role_assignments", ASSIGNMENT_COLUMNS, team.assignments);
    const auditEntries = await copyRows(client, "audit_entries", AUDIT_COLUMNS, team.audit);
    const fieldValueCount = await copyRows(client, "account_field_values", FIELD_VALUE_COLUMNS, fieldValues);
    lap("users, accounts, assignments, audit entries and field values copied");

    const out = {
      copy: Copy.open(client, "opportunities", OPPORTUNITY_COLUMNS),
      opportunities: new RowWriter(),
      supportingSas: new RowWriter(),
      activities: new RowWriter(),
    };
    await writeOpportunities(rng.fork("opportunities"), rng.fork("activities"), accounts, users, { total: options.opportunities, asOf, org }, out);
    const opportunities = await out.copy.close(out.opportunities);
    lap(`${opportunities} opportunities generated and copied`);
    await copyRows(client, "opportunity_supporting_sas", SUPPORTING_SA_COLUMNS, out.supportingSas);
    const activities = await copyRows(client, "activities", ACTIVITY_COLUMNS, out.activities);
    lap(`supporting SAs and ${activities} activities copied`);
    return { users: users.length, accounts: accounts.length, opportunities, activities, auditEntries, fieldValues: fieldValueCount };
  });
}

/** Logs the time since the previous lap. */
function stopwatch(log?: (message: string) => void): (label: string) => void {
  let last = Date.now();
  return (label) => {
    const now = Date.now();
    log?.(`[seed] ${label}: ${now - last} ms`);
    last = now;
  };
}

function userRows(users: SeedUser[], passwordHash: string): RowWriter {
  const rows = new RowWriter();
  for (const u of users) {
    rows.plain(u.id).text(u.email).text(u.name).plain(u.profile).bool(u.active).maybe(u.managerId)
      .maybe(u.capacity === null ? null : String(u.capacity)).text(passwordHash).timestamp(u.createdAt).timestamp(u.updatedAt)
      .end();
  }
  return rows;
}

function accountRows(accounts: SeedAccount[]): RowWriter {
  const rows = new RowWriter();
  for (const a of accounts) {
    rows.plain(a.id).plain(a.externalId).text(a.name).maybe(a.parent?.id).plain(a.segment).plain(a.region).money(a.arrCents)
      .plain(a.inheritsCsm ? "parent" : "none").int(a.version).timestamp(a.createdAt).timestamp(a.updatedAt)
      .end();
  }
  return rows;
}

function startOfToday(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
