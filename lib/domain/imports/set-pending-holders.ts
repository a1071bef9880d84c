import "server-only";
import type { AuditSource } from "@/lib/db/generated/enums.ts";
import type { Tx } from "@/lib/db/client.ts";
import { setRoleHolders } from "@/lib/domain/accounts/set-role-holders.ts";
import { lockHeirs } from "@/lib/domain/stamping/cascade-csm.ts";
import { stampOpenOpportunities } from "@/lib/domain/stamping/stamp-open-opportunities.ts";

type Meta = { actorId: string | null; source: AuditSource; batchId: string };

/**
 * The staged cells of `roleKey` that name an email of nobody become pending holders: the slot
 * waits for that person (resolvePendingAssignments fills it when they are created). Whoever held
 * it is no longer the holder, so for the CSM, inheriting children follow and open opportunities
 * are stamped with nobody, exactly as when the CSM is cleared by hand. One audit entry per
 * account, to `pending:<email>`. Callers hold the accounts' locks. Returns the accounts changed.
 */
export async function setPendingHolders(tx: Tx, importId: string, roleKey: string, meta: Meta): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH wanted AS (
      SELECT DISTINCT ON (s.account_id) s.account_id, s.holder_email AS email, s.holder_name AS name
      FROM import_assignment_rows s
      WHERE s.import_id = ${importId}::uuid AND s.role_key = ${roleKey} AND s.user_id IS NULL
        AND s.holder_email IS NOT NULL AND s.account_id IS NOT NULL
      ORDER BY s.account_id, s.row_no
    ), changed AS (
      SELECT w.*, h.user_id AS old_user, h.pending_email AS old_pending
      FROM wanted w
      LEFT JOIN account_role_assignments h ON h.account_id = w.account_id AND h.role_key = ${roleKey}
      WHERE h.pending_email IS NULL OR lower(h.pending_email) <> lower(w.email)
    ), upserted AS (
      INSERT INTO account_role_assignments (account_id, role_key, user_id, pending_email, pending_name, source, assigned_by)
      SELECT account_id, ${roleKey}, NULL, email, name, ${meta.source}::audit_source, ${meta.actorId}::uuid FROM changed
      ON CONFLICT (account_id, role_key) DO UPDATE SET
        user_id = NULL, pending_email = EXCLUDED.pending_email, pending_name = EXCLUDED.pending_name,
        source = EXCLUDED.source, assigned_at = now(), assigned_by = EXCLUDED.assigned_by
    ), bumped AS (
      UPDATE accounts a SET version = a.version + 1, updated_at = now() FROM changed c WHERE a.id = c.account_id
    ), audited AS (
      INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value, batch_id)
      SELECT ${meta.actorId}::uuid, ${meta.source}::audit_source, 'account', account_id::text, ${`team.${roleKey}`},
        coalesce(old_user::text, 'pending:' || old_pending), 'pending:' || email, ${meta.batchId}::uuid
      FROM changed
    )
    SELECT account_id::text AS id FROM changed`;
  const accountIds = rows.map((row) => row.id);
  if (roleKey === "csm" && accountIds.length > 0) {
    const heirs = await lockHeirs(tx, accountIds);
    await setRoleHolders(tx, "csm", heirs.map((heir) => ({ accountId: heir.id, userId: heir.csmId })), { ...meta, source: "cascade" });
    await stampOpenOpportunities(tx, [...accountIds, ...heirs.map((heir) => heir.id)], {
      actorId: meta.actorId, batchId: meta.batchId, includeOverridden: false,
    });
  }
  return accountIds;
}
