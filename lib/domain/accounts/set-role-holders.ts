import "server-only";
import type { AuditSource } from "@/lib/db/generated/enums.ts";
import type { Tx } from "@/lib/db/client.ts";

export type HolderChange = { accountId: string; userId: string | null };
export type HolderMeta = { actorId: string | null; source: AuditSource; batchId: string; reason?: string | null };

/**
 * Sets the holder of `roleKey` on many accounts in one statement: a user replaces whoever (or
 * whichever pending email) held it, null clears it. Only real changes are written, each bumping the
 * account's version and writing one `team.<roleKey>` audit entry. Callers hold the accounts' locks.
 * Set-based because a book transfer or a cascade can touch thousands of accounts at once.
 * Returns the ids of the accounts that changed.
 */
export async function setRoleHolders(tx: Tx, roleKey: string, changes: HolderChange[], meta: HolderMeta): Promise<string[]> {
  if (changes.length === 0) return [];
  const accountIds = changes.map((change) => change.accountId);
  const userIds = changes.map((change) => change.userId);
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH wanted AS (
      SELECT * FROM unnest(${accountIds}::uuid[], ${userIds}::uuid[]) AS w(account_id, user_id)
    ), changed AS (
      SELECT w.account_id, w.user_id AS new_user, ara.user_id AS old_user, ara.pending_email
      FROM wanted w
      LEFT JOIN account_role_assignments ara ON ara.account_id = w.account_id AND ara.role_key = ${roleKey}
      WHERE ara.user_id IS DISTINCT FROM w.user_id OR ara.pending_email IS NOT NULL
    ), removed AS (
      DELETE FROM account_role_assignments ara USING changed c
      WHERE c.new_user IS NULL AND ara.account_id = c.account_id AND ara.role_key = ${roleKey}
    ), upserted AS (
      INSERT INTO account_role_assignments (account_id, role_key, user_id, source, assigned_by)
      SELECT account_id, ${roleKey}, new_user, ${meta.source}::audit_source, ${meta.actorId}::uuid FROM changed WHERE new_user IS NOT NULL
      ON CONFLICT (account_id, role_key) DO UPDATE SET
        user_id = EXCLUDED.user_id, pending_email = NULL, pending_name = NULL,
        source = EXCLUDED.source, assigned_at = now(), assigned_by = EXCLUDED.assigned_by
    ), bumped AS (
      UPDATE accounts a SET version = a.version + 1, updated_at = now() FROM changed c WHERE a.id = c.account_id
    ), audited AS (
      INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value, batch_id, reason)
      SELECT ${meta.actorId}::uuid, ${meta.source}::audit_source, 'account', account_id::text, ${`team.${roleKey}`},
        -- A pending holder has no user id yet: the trail names the email it was waiting for.
        coalesce(old_user::text, 'pending:' || pending_email), new_user::text, ${meta.batchId}::uuid, ${meta.reason ?? null}
      FROM changed
    )
    SELECT account_id::text AS id FROM changed`;
  return rows.map((row) => row.id);
}
