import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { can } from "@/lib/auth/permissions.ts";
import type { AccountHit, OpportunityHit, PersonHit, SearchQuery, SearchResults } from "./schemas.ts";

const sql = Prisma.sql;

/** `text` as a LIKE pattern matching itself literally. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Trigrams need three characters; below that only the start of a name is matched. */
const INFIX_FROM = 3;

/**
 * The rows of one kind, best first: an exact CRM id, then names that start with what was typed
 * (a range of the lower(name) COLLATE "C" index, read in order, so it stops after `limit`
 * rows), then — only when those leave room — names containing it anywhere (the trigram index,
 * capped without sorting: at 2M opportunities a common word matches tens of thousands, and
 * sorting them all would cost more than the palette may). Each step is its own indexed query.
 *
 * The "anywhere" step first reads a bounded slice of the table: a word in a third of all deal
 * names ("renewal") fills the list from its first few dozen rows, while the trigram index would
 * first gather all 700,000 matches into a bitmap (160 ms at 2M opportunities). Only when the
 * slice falls short does it ask the index, which is then cheap because matches are rare.
 */
async function ranked<T extends { id: string }>(
  limit: number,
  q: string,
  steps: { exact?: () => Promise<T[]>; prefix: (limit: number) => Promise<T[]>; infix?: (limit: number, excluded: string[]) => Promise<T[]> },
): Promise<T[]> {
  const found: T[] = [];
  const add = (rows: T[]) => {
    for (const row of rows) if (found.length < limit && !found.some((seen) => seen.id === row.id)) found.push(row);
  };
  if (steps.exact) add(await steps.exact());
  if (found.length < limit) add(await steps.prefix(limit));
  if (found.length < limit && steps.infix && q.length >= INFIX_FROM) {
    add(await steps.infix(limit - found.length, found.map((row) => row.id)));
  }
  return found;
}

/** Rows read from the start of a table before the trigram index is asked (about 4 ms of ILIKE). */
const SLICE_ROWS = 5_000;

/**
 * Up to `n` rows of `table` whose name contains `q` anywhere, not among `excluded`: from the
 * slice when the word is common, else from the trigram index. The index query is planned as if
 * it had no LIMIT (a MATERIALIZED CTE, still read lazily): with a small LIMIT the planner bets
 * that a sequential scan meets a match early, and when the few matches are the ones already
 * shown (a whole name typed), that bet reads every row of the table.
 */
async function anywhere<T extends { id: string }>(
  table: Prisma.Sql, alias: Prisma.Sql, columns: Prisma.Sql, q: string, n: number, excluded: string[],
): Promise<T[]> {
  const pattern = `%${literal(q)}%`;
  const fromSlice = await db.$queryRaw<T[]>`
    WITH ${alias} AS (SELECT * FROM ${table} LIMIT ${SLICE_ROWS})
    SELECT ${columns} FROM ${alias} WHERE ${alias}.name ILIKE ${pattern} AND NOT (${alias}.id = ANY(${excluded}::uuid[])) LIMIT ${n}`;
  if (fromSlice.length === n) return fromSlice;
  const seen = [...excluded, ...fromSlice.map((row) => row.id)];
  const fromIndex = await db.$queryRaw<T[]>`
    WITH ${alias} AS MATERIALIZED (SELECT * FROM ${table} ${alias} WHERE ${alias}.name ILIKE ${pattern})
    SELECT ${columns} FROM ${alias} WHERE NOT (${alias}.id = ANY(${seen}::uuid[])) LIMIT ${n - fromSlice.length}`;
  return [...fromSlice, ...fromIndex];
}

function searchAccounts(q: string, limit: number): Promise<AccountHit[]> {
  const columns = sql`a.id::text, a.name, a.external_id AS "externalId", a.segment, a.region`;
  const prefix = `${literal(q.toLowerCase())}%`;
  return ranked(limit, q, {
    exact: () => db.$queryRaw<AccountHit[]>`SELECT ${columns} FROM accounts a WHERE a.external_id = ${q}`,
    prefix: (n) => db.$queryRaw<AccountHit[]>`
      SELECT ${columns} FROM accounts a WHERE lower(a.name) COLLATE "C" LIKE ${prefix} ORDER BY lower(a.name) COLLATE "C", a.id LIMIT ${n}`,
    infix: (n, excluded) => anywhere<AccountHit>(sql`accounts`, sql`a`, columns, q, n, excluded),
  });
}

function searchOpportunities(q: string, limit: number): Promise<OpportunityHit[]> {
  const columns = sql`o.id::text, o.name, o.external_id AS "externalId", o.stage::text AS stage, o.merged_into_id IS NOT NULL AS merged,
    (SELECT a.name FROM accounts a WHERE a.id = o.account_id) AS "accountName"`;
  const prefix = `${literal(q.toLowerCase())}%`;
  return ranked(limit, q, {
    exact: () => db.$queryRaw<OpportunityHit[]>`SELECT ${columns} FROM opportunities o WHERE o.external_id = ${q}`,
    prefix: (n) => db.$queryRaw<OpportunityHit[]>`
      SELECT ${columns} FROM opportunities o WHERE lower(o.name) COLLATE "C" LIKE ${prefix} ORDER BY lower(o.name) COLLATE "C", o.id LIMIT ${n}`,
    infix: (n, excluded) => anywhere<OpportunityHit>(sql`opportunities`, sql`o`, columns, q, n, excluded),
  });
}

/** People are few (hundreds): one query, names first by where the match falls, active before inactive. */
function searchPeople(q: string, limit: number): Promise<PersonHit[]> {
  const lowered = q.toLowerCase();
  const pattern = `%${literal(lowered)}%`;
  return db.$queryRaw<PersonHit[]>`
    SELECT u.id::text, u.name, u.email, u.profile::text AS profile, u.active FROM users u
    WHERE lower(u.name) LIKE ${pattern} OR lower(u.email) LIKE ${pattern}
    ORDER BY NOT u.active, lower(u.name) LIKE ${`${literal(lowered)}%`} DESC, lower(u.name), u.id
    LIMIT ${limit}`;
}

/**
 * What the command palette shows for `q`: accounts, opportunities and people by name or CRM id.
 * Each kind is searched only when the profile may read it, as its own list does (a kind it may
 * not read is simply empty); the three run side by side.
 */
export async function search(actor: Actor, query: SearchQuery): Promise<SearchResults> {
  const q = query.q.trim();
  const [accounts, opportunities, people] = await Promise.all([
    can(actor.profile, "accounts.read") ? searchAccounts(q, query.limit) : [],
    can(actor.profile, "opportunities.read") ? searchOpportunities(q, query.limit) : [],
    can(actor.profile, "users.read") ? searchPeople(q, query.limit) : [],
  ]);
  return { accounts, opportunities, people };
}
