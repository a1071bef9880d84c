import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";

type Picklist = "segment" | "region";

/**
 * Segment and region are picklists: a value that matches one accounts already have, ignoring case,
 * is stored as they spell it ("enterprise" → "Enterprise"), so one value never splits in two. Where
 * accounts disagree already, the first spelling in byte order wins — the imports' rule
 * (lib/domain/imports/kinds/accounts.ts). A value new to Roster is kept as typed.
 *
 * Called only for a value being set, once per save: a scan of the column at 100k accounts is a
 * few milliseconds, not worth an index on lower(…).
 */
export async function canonicalSpelling(tx: Tx, column: Picklist, value: string | null | undefined): Promise<string | null | undefined> {
  if (!value) return value;
  const name = Prisma.raw(column);
  const [known] = await tx.$queryRaw<{ value: string }[]>`
    SELECT ${name} AS value FROM accounts WHERE lower(${name}) = lower(${value}) ORDER BY ${name} COLLATE "C" LIMIT 1`;
  return known?.value ?? value;
}

/** Both picklists of an account's input, each in its canonical spelling. */
export async function canonicalPicklists<T extends { segment?: string | null; region?: string | null }>(tx: Tx, input: T): Promise<T> {
  return {
    ...input,
    ...(input.segment !== undefined ? { segment: await canonicalSpelling(tx, "segment", input.segment) } : {}),
    ...(input.region !== undefined ? { region: await canonicalSpelling(tx, "region", input.region) } : {}),
  };
}
