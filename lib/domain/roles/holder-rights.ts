import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import { type HolderRights, NO_HOLDER_RIGHTS } from "@/lib/auth/permissions.ts";

/**
 * The rights a person has on one account through the roles they hold on it, or on one of its
 * ancestors for roles whose rights reach children. Read fresh each time: losing the role loses
 * the rights on the next request.
 */
export async function holderRights(client: Tx | typeof db, userId: string, accountId: string): Promise<HolderRights> {
  const [row] = await client.$queryRaw<{ held: boolean; edit: boolean; assign: string[]; log: boolean; raise: boolean; comp: boolean }[]>`
    WITH RECURSIVE above AS (
      SELECT parent_id AS id, 1 AS depth FROM accounts WHERE id = ${accountId}::uuid AND parent_id IS NOT NULL
      UNION ALL
      SELECT a.parent_id, above.depth + 1 FROM above JOIN accounts a ON a.id = above.id WHERE a.parent_id IS NOT NULL AND above.depth < 64
    )
    SELECT count(*) > 0 AS held,
      coalesce(bool_or(r.holders_edit_account), false) AS edit,
      coalesce(array_agg(DISTINCT k) FILTER (WHERE k IS NOT NULL), '{}') AS assign,
      coalesce(bool_or(r.holders_log_activities), false) AS log,
      coalesce(bool_or(r.holders_raise_csqls), false) AS raise,
      coalesce(bool_or(r.holders_see_comp), false) AS comp
    FROM account_role_assignments h
    JOIN account_roles r ON r.key = h.role_key
    LEFT JOIN LATERAL unnest(r.holders_assign_roles) AS k ON true
    WHERE h.user_id = ${userId}::uuid
      AND (h.account_id = ${accountId}::uuid OR (r.holders_rights_on_children AND h.account_id IN (SELECT id FROM above)))`;
  if (!row?.held) return NO_HOLDER_RIGHTS;
  return { editAccount: row.edit, assignRoles: row.assign, logActivities: row.log, raiseCsqls: row.raise, seeComp: row.comp };
}

/** For pages: the signed-in person's rights on one account. */
export const rightsOn = (userId: string, accountId: string) => holderRights(db, userId, accountId);
