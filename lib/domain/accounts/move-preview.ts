import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { type MovePreview, PREVIEW_LIST } from "./move-preview-schema.ts";

export type { MovePreview };

/**
 * What giving `roleKey` on `accountIds` (plus, for the CSM, the inheriting `heirs` that follow)
 * to `userId` would do to that rep and to the records: their load (accounts where they hold the
 * role) before and after against their capacity, and the accounts and open opportunities that
 * change, the first 50 of each named and all of them counted. Read before the change is confirmed;
 * the opportunities are those stamping would touch (open, not overridden unless `includeOverridden`).
 */
export async function movePreview(
  tx: Tx,
  input: { roleKey: string; userId: string | null; accountIds: string[]; heirs?: string[]; includeOverridden?: boolean },
): Promise<MovePreview> {
  const scope = [...new Set([...input.accountIds, ...(input.heirs ?? [])])];
  const [changing] = await tx.$queryRaw<{ total: number; items: { id: string; name: string }[] }[]>`
    WITH c AS (
      SELECT a.id, a.name FROM accounts a
      LEFT JOIN account_role_assignments h ON h.account_id = a.id AND h.role_key = ${input.roleKey}
      WHERE a.id = ANY(${scope}::uuid[]) AND (h.user_id IS DISTINCT FROM ${input.userId}::uuid OR h.pending_email IS NOT NULL)
    )
    SELECT (SELECT count(*)::int FROM c) AS total,
      coalesce((SELECT jsonb_agg(jsonb_build_object('id', id::text, 'name', name) ORDER BY name)
        FROM (SELECT * FROM c ORDER BY name LIMIT ${PREVIEW_LIST}) l), '[]') AS items`;
  const opportunities = input.roleKey === "csm"
    ? (await tx.$queryRaw<MovePreview["opportunities"][]>`
        WITH o AS (
          SELECT o.id, o.name, a.name AS account_name FROM opportunities o JOIN accounts a ON a.id = o.account_id
          WHERE o.account_id = ANY(${scope}::uuid[]) AND NOT o.is_closed
            AND (NOT o.csm_overridden OR ${input.includeOverridden ?? false}) AND o.csm_id IS DISTINCT FROM ${input.userId}::uuid
        )
        SELECT (SELECT count(*)::int FROM o) AS total,
          coalesce((SELECT jsonb_agg(jsonb_build_object('id', id::text, 'name', name, 'accountName', account_name) ORDER BY account_name, name)
            FROM (SELECT * FROM o ORDER BY account_name, name LIMIT ${PREVIEW_LIST}) l), '[]') AS items`)[0]
    : { total: 0, items: [] };
  let receiving: MovePreview["receiving"] = null;
  if (input.userId) {
    const [rep] = await tx.$queryRaw<{ id: string; name: string; capacity: number | null; before: number }[]>`
      SELECT u.id::text, u.name, u.capacity,
        (SELECT count(*)::int FROM account_role_assignments h WHERE h.user_id = u.id AND h.role_key = ${input.roleKey}) AS before
      FROM users u WHERE u.id = ${input.userId}::uuid`;
    if (rep) {
      const after = rep.before + changing.total;
      receiving = { ...rep, after, over: rep.capacity !== null && after > rep.capacity };
    }
  }
  return { receiving, accounts: changing, opportunities };
}
