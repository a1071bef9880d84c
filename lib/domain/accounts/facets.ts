import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";

/**
 * The segments and regions in use, for the filter menus of the accounts table and the book
 * transfer. Segments walk accounts_segment_region_idx one distinct value at a time (a loose index
 * scan: a handful of probes instead of reading 100k index entries); regions have no leading index
 * and are read with one hashed scan.
 */
export async function accountFacets(actor: Actor): Promise<{ segments: string[]; regions: string[] }> {
  authorize(actor, "accounts.read");
  const [segments, regions] = await Promise.all([
    db.$queryRaw<{ value: string }[]>`
      WITH RECURSIVE s AS (
        (SELECT segment FROM accounts WHERE segment IS NOT NULL ORDER BY segment LIMIT 1)
        UNION ALL
        SELECT (SELECT segment FROM accounts WHERE segment > s.segment ORDER BY segment LIMIT 1) FROM s WHERE s.segment IS NOT NULL
      ) SELECT segment AS value FROM s WHERE segment IS NOT NULL`,
    db.$queryRaw<{ value: string }[]>`SELECT DISTINCT region AS value FROM accounts WHERE region IS NOT NULL ORDER BY 1`,
  ]);
  return { segments: segments.map((row) => row.value), regions: regions.map((row) => row.value) };
}
