import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { lockAccountSet } from "@/lib/domain/accounts/lock-account.ts";
import { writeRoleHolders } from "@/lib/domain/accounts/set-role-holders.ts";
import { reasonOf } from "@/lib/domain/audit/schemas.ts";
import { assertEligible } from "@/lib/domain/roles/assert-eligible.ts";
import { followCsm } from "@/lib/domain/stamping/apply-csm.ts";
import { STAMPING_TX } from "@/lib/domain/stamping/transaction.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";
import { UNDO_WINDOW_HOURS, type UndoBatchInput, type UndoBatchResult } from "./schemas.ts";

/**
 * What an undo can put back: holders of account roles (and what followed them: inheriting
 * descendants, stamped opportunities). A batch that also edited other fields (an accounts import)
 * is refused whole rather than half-undone.
 */
const UNDOABLE = Prisma.sql`(e.entity_type = 'account' AND e.field LIKE 'team.%')
  OR (e.entity_type = 'opportunity' AND e.field IN ('csm', 'csm_overridden'))`;

/** The holders the batch replaced, one per account and role (cascaded heirs follow their roots). */
const direct = (batchId: string) => Prisma.sql`
  SELECT DISTINCT ON (e.entity_id, e.field) e.entity_id::uuid AS account_id, substr(e.field, 6) AS role_key, e.from_value
  FROM audit_entries e
  WHERE e.batch_id = ${batchId}::uuid AND e.entity_type = 'account' AND e.field LIKE 'team.%' AND e.source <> 'cascade'
  ORDER BY e.entity_id, e.field, e.id`;

/**
 * Undoes one batch of assignments — a book transfer, a bulk assign, an import's assignments, a
 * single reassignment — within 24 hours: every holder it replaced is restored through the same
 * writers as a manual change, so heirs follow, open opportunities are stamped again and
 * overrides it cleared are pinned back, all in one transaction and one new audit batch. Refused
 * as a whole when any record it changed was changed again since (the later change would be
 * silently overwritten), when a restored holder may no longer hold the role, or when the batch was
 * undone already or is itself an undo.
 */
export async function undoBatch({ actor, source }: ActorContext, batchId: string, input: UndoBatchInput): Promise<UndoBatchResult> {
  authorize(actor, "batches.undo");
  return db.$transaction(async (tx) => {
    await assertUndoable(tx, batchId);
    const undoBatchId = randomUUID();
    // First, so two people pressing "Undo" at once serialize here and the second is told it is done.
    const claimed = await tx.$executeRaw`
      INSERT INTO batch_undos (batch_id, undo_batch_id, undone_by) VALUES (${batchId}::uuid, ${undoBatchId}::uuid, ${actor.id}::uuid)
      ON CONFLICT (batch_id) DO NOTHING`;
    if (claimed === 0) throw new DomainError("conflict", "This change has already been undone.");

    // Every account of the batch, heirs included, locked top-down like any multi-account writer;
    // their opportunities are written only under these locks, so the check below stays true.
    await lockAccountSet(tx, { query: Prisma.sql`
      SELECT DISTINCT e.entity_id::uuid FROM audit_entries e WHERE e.batch_id = ${batchId}::uuid AND e.entity_type = 'account'` });
    await assertNothingChangedSince(tx, batchId);
    await assertRestorable(tx, batchId);

    const meta = { actorId: actor.id, source, batchId: undoBatchId, reason: reasonOf(input.reason) };
    const roots = await tx.$queryRaw<{ id: string; roleKey: string }[]>`
      SELECT account_id::text AS id, role_key AS "roleKey" FROM (${direct(batchId)}) d`;
    await writeRoleHolders(tx, Prisma.sql`
      SELECT account_id, role_key,
        CASE WHEN from_value LIKE 'pending:%' THEN NULL ELSE from_value::uuid END AS user_id,
        CASE WHEN from_value LIKE 'pending:%' THEN substr(from_value, 9) END AS pending_email,
        NULL::text AS pending_name
      FROM (${direct(batchId)}) d`, meta);
    // Pinned back before stamping, which then leaves them alone like any other override.
    const repinned = await repinOverrides(tx, batchId, meta);
    const csmRoots = roots.filter((root) => root.roleKey === "csm").map((root) => root.id);
    const followed = await followCsm(tx, csmRoots, { ...meta, includeOverridden: false });
    return {
      undoneBatchId: batchId,
      batchId: undoBatchId,
      accounts: new Set(roots.map((root) => root.id)).size,
      cascadedAccounts: followed.cascaded,
      opportunities: followed.opportunities + repinned,
    };
  }, STAMPING_TX);
}

async function assertUndoable(tx: Tx, batchId: string): Promise<void> {
  const [batch] = await tx.$queryRaw<{ entries: number; at: Date | null; fresh: boolean; undoable: boolean; isUndo: boolean }[]>`
    SELECT count(*)::int AS entries, min(e.at) AS at,
      coalesce(min(e.at) > now() - make_interval(hours => ${UNDO_WINDOW_HOURS}), false) AS fresh,
      coalesce(bool_and(${UNDOABLE}), false) AS undoable,
      EXISTS (SELECT 1 FROM batch_undos u WHERE u.undo_batch_id = ${batchId}::uuid) AS "isUndo"
    FROM audit_entries e WHERE e.batch_id = ${batchId}::uuid`;
  if (!batch || batch.entries === 0) throw notFound("Change");
  if (batch.isUndo) throw new DomainError("invalid_transition", "This change was itself an undo; make the change again instead.");
  if (!batch.fresh) {
    throw new DomainError("invalid_transition", `Changes can be undone for ${UNDO_WINDOW_HOURS} hours; this one is older. Make the change by hand instead.`);
  }
  if (!batch.undoable) {
    throw new DomainError("invalid_transition", "Only assignments can be undone; this change also edited account or opportunity details.");
  }
}

type Later = { total: number; entityType: string; field: string; name: string | null; actorName: string | null; at: Date };

const FIELD_WORDS: Record<string, string> = { csm: "CSM", csm_overridden: "CSM override", "team.csm": "CSM", "team.sa": "SA" };
const fieldWords = (field: string) => FIELD_WORDS[field] ?? field.replace(/^team\./, "").replaceAll("_", " ");

/**
 * Refuses when any account role or opportunity CSM the batch wrote was written again by another
 * change: undoing would silently throw that later change away. Each entry is probed through the
 * (entity_type, entity_id, id) index for a newer entry of the same field.
 */
async function assertNothingChangedSince(tx: Tx, batchId: string): Promise<void> {
  const later = await tx.$queryRaw<Later[]>`
    SELECT count(*) OVER ()::int AS total, b.entity_type::text AS "entityType", b.field,
      coalesce(a.name, o.name) AS name, u.name AS "actorName", l.at
    FROM audit_entries b
    CROSS JOIN LATERAL (
      SELECT l.at, l.actor_id FROM audit_entries l
      WHERE l.entity_type = b.entity_type AND l.entity_id = b.entity_id AND l.id > b.id AND l.field = b.field
        AND l.batch_id IS DISTINCT FROM b.batch_id
      ORDER BY l.id DESC LIMIT 1
    ) l
    LEFT JOIN users u ON u.id = l.actor_id
    LEFT JOIN accounts a ON b.entity_type = 'account' AND a.id = b.entity_id::uuid
    LEFT JOIN opportunities o ON b.entity_type = 'opportunity' AND o.id = b.entity_id::uuid
    WHERE b.batch_id = ${batchId}::uuid
    ORDER BY l.at DESC
    LIMIT 3`;
  if (later.length === 0) return;
  const examples = later.map((row) =>
    `${row.name ?? "a record"}'s ${fieldWords(row.field)} was changed${row.actorName ? ` by ${row.actorName}` : ""}`);
  const total = later[0].total;
  throw new DomainError(
    "conflict",
    `This change can't be undone: ${total === 1 ? "1 record it changed was" : `${total} records it changed were`} changed again since ` +
      `(${examples.join("; ")}${total > later.length ? "; …" : ""}). Make the change by hand instead.`,
    { changedSince: total },
  );
}

/** Every user to be put back must still be allowed to hold the role (active, an eligible profile). */
async function assertRestorable(tx: Tx, batchId: string): Promise<void> {
  const holders = await tx.$queryRaw<{ roleKey: string; userId: string }[]>`
    SELECT DISTINCT role_key AS "roleKey", from_value AS "userId" FROM (${direct(batchId)}) d
    WHERE from_value IS NOT NULL AND from_value NOT LIKE 'pending:%'`;
  for (const holder of holders) await assertEligible(tx, holder.roleKey, holder.userId);
}

/**
 * Stamping with "include overridden" cleared some opportunities' overrides; stamping again leaves
 * overridden ones alone, so those are pinned back to the CSM they had, unless closed since.
 */
async function repinOverrides(tx: Tx, batchId: string, meta: { actorId: string; source: string; batchId: string; reason: string | null }) {
  const [{ n }] = await tx.$queryRaw<{ n: number }[]>`
    WITH cleared AS (
      SELECT c.entity_id::uuid AS id, (
        SELECT p.from_value::uuid FROM audit_entries p
        WHERE p.batch_id = c.batch_id AND p.entity_type = 'opportunity' AND p.entity_id = c.entity_id AND p.field = 'csm'
        ORDER BY p.id LIMIT 1
      ) AS old_csm, EXISTS (
        SELECT 1 FROM audit_entries p
        WHERE p.batch_id = c.batch_id AND p.entity_type = 'opportunity' AND p.entity_id = c.entity_id AND p.field = 'csm'
      ) AS csm_changed
      FROM audit_entries c
      WHERE c.batch_id = ${batchId}::uuid AND c.entity_type = 'opportunity' AND c.field = 'csm_overridden' AND c.from_value = 'true'
    ), pinned AS (
      UPDATE opportunities o
      SET csm_id = CASE WHEN c.csm_changed THEN c.old_csm ELSE o.csm_id END, csm_overridden = true,
        version = o.version + 1, updated_at = now()
      -- t is the row as it was before this update: the CSM the audit entry replaces.
      FROM cleared c JOIN opportunities t ON t.id = c.id
      WHERE o.id = c.id AND NOT o.is_closed AND NOT o.csm_overridden
      RETURNING o.id, t.csm_id AS old_csm, o.csm_id AS new_csm
    ), audited AS (
      INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value, batch_id, reason)
      SELECT ${meta.actorId}::uuid, ${meta.source}::audit_source, 'opportunity', p.id::text, f.field, f.from_value, f.to_value,
        ${meta.batchId}::uuid, ${meta.reason}
      FROM pinned p
      CROSS JOIN LATERAL (VALUES ('csm', p.old_csm::text, p.new_csm::text), ('csm_overridden', 'false', 'true')) AS f(field, from_value, to_value)
      WHERE f.field = 'csm_overridden' OR p.old_csm IS DISTINCT FROM p.new_csm
    )
    SELECT count(*)::int AS n FROM pinned`;
  return n;
}
