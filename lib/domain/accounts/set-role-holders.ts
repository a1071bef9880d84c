import "server-only";
import type { AuditSource } from "@/lib/db/generated/enums.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Tx } from "@/lib/db/client.ts";

export type HolderChange = { accountId: string; userId: string | null };
export type HolderMeta = { actorId: string | null; source: AuditSource; batchId: string; reason?: string | null };

/**
 * Writes the wanted holders: rows of (account_id, role_key, user_id, pending_email, pending_name),
 * at most one per account and role. A user replaces whoever (or whichever pending email) held the
 * role; an email with no user makes the slot wait for that person (pending); neither clears it.
 * Only real changes are written, each with one `team.<roleKey>` audit entry, and each changed
 * account's version goes up once however many of its roles changed. Callers hold the accounts'
 * locks. `result` is the final SELECT over `changed` (account_id, role_key).
 */
function writeHolders(wanted: Prisma.Sql, meta: HolderMeta, result: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH wanted AS (${wanted}), changed AS (
      SELECT w.account_id, w.role_key, w.user_id AS new_user, w.pending_email AS new_pending, w.pending_name AS new_pending_name,
        h.user_id AS old_user, h.pending_email AS old_pending
      FROM wanted w
      LEFT JOIN account_role_assignments h ON h.account_id = w.account_id AND h.role_key = w.role_key
      WHERE CASE
        WHEN w.user_id IS NOT NULL THEN h.user_id IS DISTINCT FROM w.user_id OR h.pending_email IS NOT NULL
        WHEN w.pending_email IS NOT NULL THEN h.pending_email IS NULL OR lower(h.pending_email) <> lower(w.pending_email)
        ELSE h.user_id IS NOT NULL OR h.pending_email IS NOT NULL
      END
    ), removed AS (
      DELETE FROM account_role_assignments h USING changed c
      WHERE c.new_user IS NULL AND c.new_pending IS NULL AND h.account_id = c.account_id AND h.role_key = c.role_key
    ), upserted AS (
      INSERT INTO account_role_assignments (account_id, role_key, user_id, pending_email, pending_name, source, assigned_by)
      SELECT account_id, role_key, new_user, new_pending, new_pending_name, ${meta.source}::audit_source, ${meta.actorId}::uuid
      FROM changed WHERE new_user IS NOT NULL OR new_pending IS NOT NULL
      ON CONFLICT (account_id, role_key) DO UPDATE SET
        user_id = EXCLUDED.user_id, pending_email = EXCLUDED.pending_email, pending_name = EXCLUDED.pending_name,
        source = EXCLUDED.source, assigned_at = now(), assigned_by = EXCLUDED.assigned_by
    ), bumped AS (
      UPDATE accounts a SET version = a.version + 1, updated_at = now()
      FROM (SELECT DISTINCT account_id FROM changed) c WHERE a.id = c.account_id
    ), audited AS (
      INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value, batch_id, reason)
      SELECT ${meta.actorId}::uuid, ${meta.source}::audit_source, 'account', account_id::text, 'team.' || role_key,
        -- A pending holder has no user id yet: the trail names the email it was waiting for.
        coalesce(old_user::text, 'pending:' || old_pending), coalesce(new_user::text, 'pending:' || new_pending),
        ${meta.batchId}::uuid, ${meta.reason ?? null}
      FROM changed
    )
    ${result}`;
}

/**
 * Sets the holder of `roleKey` on many accounts in one statement: a user replaces whoever held
 * it, null clears it. Set-based because a book transfer or a cascade can touch thousands of
 * accounts at once. Returns the ids of the accounts that changed.
 */
export async function setRoleHolders(tx: Tx, roleKey: string, changes: HolderChange[], meta: HolderMeta): Promise<string[]> {
  if (changes.length === 0) return [];
  const accountIds = changes.map((change) => change.accountId);
  const userIds = changes.map((change) => change.userId);
  const wanted = Prisma.sql`
    SELECT account_id, ${roleKey}::text AS role_key, user_id, NULL::text AS pending_email, NULL::text AS pending_name
    FROM unnest(${accountIds}::uuid[], ${userIds}::uuid[]) AS w(account_id, user_id)`;
  const rows = await tx.$queryRaw<{ id: string }[]>(writeHolders(wanted, meta, Prisma.sql`SELECT account_id::text AS id FROM changed`));
  return rows.map((row) => row.id);
}

/**
 * Many roles at once, from a query (an import's staged cells) rather than arrays, so each changed
 * account's version goes up once, not once per role. Returns how many holders changed.
 */
export async function writeRoleHolders(tx: Tx, wanted: Prisma.Sql, meta: HolderMeta): Promise<number> {
  const [{ changed }] = await tx.$queryRaw<{ changed: number }[]>(
    writeHolders(wanted, meta, Prisma.sql`SELECT count(*)::int AS changed FROM changed`),
  );
  return changed;
}
