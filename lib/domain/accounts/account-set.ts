import "server-only";
import { Prisma } from "@/lib/db/generated/client.ts";

/**
 * Accounts a set-based writer works on: ids from a form or a transfer, or a query over an import's
 * staged rows. An import of 100,000 rows keeps its accounts in SQL: sending them to Node and back
 * as arrays costs more than the writes themselves.
 */
export type AccountSet = readonly string[] | { query: Prisma.Sql };

/** `column` is one of the set's accounts; ids keep their `= ANY(array)` plans, which the single-account edits rely on. */
export function inAccountSet(column: Prisma.Sql, set: AccountSet): Prisma.Sql {
  return "query" in set ? Prisma.sql`${column} IN (${set.query})` : Prisma.sql`${column} = ANY(${[...set]}::uuid[])`;
}

/** The set as rows of one column, `id`. */
export function accountSetRows(set: AccountSet): Prisma.Sql {
  return "query" in set ? Prisma.sql`SELECT id FROM (${set.query}) AS s(id)` : Prisma.sql`SELECT unnest(${[...set]}::uuid[]) AS id`;
}

export function isEmptyAccountSet(set: AccountSet): boolean {
  return !("query" in set) && set.length === 0;
}

/** Both sets; ids stay ids when both are. */
export function joinAccountSets(a: AccountSet, b: readonly string[]): AccountSet {
  if (!("query" in a)) return [...a, ...b];
  return b.length === 0 ? a : { query: Prisma.sql`${a.query} UNION ALL SELECT unnest(${[...b]}::uuid[])` };
}
