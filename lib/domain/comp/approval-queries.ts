import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import { usersById } from "@/lib/domain/users/queries.ts";
import type { UserView } from "@/lib/domain/users/schemas.ts";
import { compRowsCte, inCompTransaction } from "./comp-rows-sql.ts";
import { compRowColumns, hydrateCompRows, numberOrNull, type RawCompRow } from "./queries.ts";
import type { CompApprovalView, CompDiffItem, CompFlag, CompRowView, ListCompApprovalsQuery } from "./schemas.ts";

type ApprovalRow = { id: string; from: string; to: string; approvedAt: Date; approvedBy: string; rows: number; total: string };

const approvalColumns = Prisma.sql`
  id::text, to_char(period_from, 'YYYY-MM-DD') AS "from", to_char(period_to, 'YYYY-MM-DD') AS "to",
  approved_at AS "approvedAt", approved_by::text AS "approvedBy", row_count AS rows, total::text`;

function toApprovalView(row: ApprovalRow, users: Map<string, UserView>): CompApprovalView {
  return {
    id: row.id, from: row.from, to: row.to, approvedAt: row.approvedAt.toISOString(),
    approvedBy: users.get(row.approvedBy)!, rows: row.rows, total: Number(row.total),
  };
}

async function loadApproval(id: string): Promise<ApprovalRow> {
  const [row] = await db.$queryRaw<ApprovalRow[]>`SELECT ${approvalColumns} FROM comp_approvals WHERE id = ${id}::uuid`;
  if (!row) throw notFound("Comp approval");
  return row;
}

/** `GET /comp/approvals`: newest first; with from/to, the approvals whose period overlaps it. */
export async function listCompApprovals(actor: Actor, query: ListCompApprovalsQuery): Promise<CompApprovalView[]> {
  authorize(actor, "comp.read");
  const rows = await db.$queryRaw<ApprovalRow[]>`
    SELECT ${approvalColumns} FROM comp_approvals
    WHERE true
      ${query.to ? Prisma.sql`AND period_from <= ${query.to}::date` : Prisma.empty}
      ${query.from ? Prisma.sql`AND period_to >= ${query.from}::date` : Prisma.empty}
    ORDER BY approved_at DESC, id LIMIT 500`;
  const users = await usersById(rows.map((row) => row.approvedBy));
  return rows.map((row) => toApprovalView(row, users));
}

/** `GET /comp/approvals/{id}`: the approval and its frozen rows, exactly as approved. */
export async function getCompApproval(actor: Actor, id: string): Promise<{ approval: CompApprovalView; items: CompRowView[] }> {
  authorize(actor, "comp.read");
  const approval = await loadApproval(id);
  const rows = await db.$queryRaw<RawCompRow[]>`
    SELECT ${compRowColumns}
    FROM comp_approval_rows r
    JOIN opportunities o ON o.id = r.opportunity_id
    JOIN accounts acc ON acc.id = o.account_id
    WHERE r.approval_id = ${id}::uuid
    ORDER BY r.closed_at, r.opportunity_id`;
  const users = await usersById([approval.approvedBy, ...rows.flatMap((row) => [row.csmId, row.primarySaId, ...row.supportingSaIds])]);
  return { approval: toApprovalView(approval, users), items: await hydrateCompRows(rows, users) };
}

type DiffRow = {
  opportunityId: string; name: string; externalId: string | null; accountId: string; accountName: string;
  inSnapshot: boolean; inCurrent: boolean;
  frozenCsm: string | null; currentCsm: string | null; frozenSa: string | null; currentSa: string | null;
  frozenAmount: string | null; currentAmount: string | null;
  frozenSupporting: string[] | null; currentSupporting: string[] | null;
  frozenFlags: string[] | null; currentFlags: string[] | null;
};

/**
 * `GET /comp/approvals/{id}/diff`: the rows that differ between the snapshot and the period's
 * comp review now, computed in one FULL JOIN of the two. Supporting SAs compare as sets.
 */
export async function diffCompApproval(actor: Actor, id: string): Promise<CompDiffItem[]> {
  authorize(actor, "comp.read");
  const approval = await loadApproval(id);
  const rows = await inCompTransaction((tx) => tx.$queryRaw<DiffRow[]>`
    ${compRowsCte({ from: approval.from, to: approval.to })},
    frozen AS (SELECT * FROM comp_approval_rows WHERE approval_id = ${id}::uuid),
    changed AS (
      SELECT coalesce(f.opportunity_id, c.opportunity_id) AS opportunity_id,
        f.opportunity_id IS NOT NULL AS "inSnapshot", c.opportunity_id IS NOT NULL AS "inCurrent",
        f.csm_id::text AS "frozenCsm", c.csm_id::text AS "currentCsm",
        f.primary_sa_id::text AS "frozenSa", c.primary_sa_id::text AS "currentSa",
        f.amount::text AS "frozenAmount", c.amount::text AS "currentAmount",
        f.supporting_sa_ids::text[] AS "frozenSupporting", c.supporting_sa_ids::text[] AS "currentSupporting",
        f.flags AS "frozenFlags", c.flags AS "currentFlags"
      FROM frozen f FULL JOIN comp_rows c ON c.opportunity_id = f.opportunity_id
      WHERE f.opportunity_id IS NULL OR c.opportunity_id IS NULL
        OR f.csm_id IS DISTINCT FROM c.csm_id
        OR f.primary_sa_id IS DISTINCT FROM c.primary_sa_id
        OR f.amount IS DISTINCT FROM c.amount
        OR NOT (f.supporting_sa_ids @> c.supporting_sa_ids AND f.supporting_sa_ids <@ c.supporting_sa_ids)
        OR NOT (f.flags @> c.flags AND f.flags <@ c.flags)
    )
    SELECT ch.opportunity_id::text AS "opportunityId", o.name, o.external_id AS "externalId",
      o.account_id::text AS "accountId", acc.name AS "accountName", ch.*
    FROM changed ch
    JOIN opportunities o ON o.id = ch.opportunity_id
    JOIN accounts acc ON acc.id = o.account_id
    ORDER BY o.closed_at NULLS LAST, ch.opportunity_id`);

  const edits = await editsSince(rows.map((row) => row.opportunityId), approval.approvedAt);
  const users = await usersById(rows.flatMap((row) => [
    row.frozenCsm, row.currentCsm, row.frozenSa, row.currentSa, ...(row.frozenSupporting ?? []), ...(row.currentSupporting ?? []),
  ]));
  const user = (userId: string | null) => (userId ? users.get(userId) ?? null : null);
  const people = (ids: string[] | null) => (ids ?? []).map(user).filter((value): value is UserView => value !== null);
  const sameSet = (a: string[] | null, b: string[] | null) => new Set(a).size === new Set(b).size && (a ?? []).every((x) => (b ?? []).includes(x));

  return rows.map((row) => {
    const changes: CompDiffItem["changes"] = {};
    if (!row.inCurrent) changes.excluded = true;
    else if (!row.inSnapshot) changes.added = true;
    else {
      if (row.frozenCsm !== row.currentCsm) changes.csm = { from: user(row.frozenCsm), to: user(row.currentCsm) };
      if (row.frozenSa !== row.currentSa) changes.primarySa = { from: user(row.frozenSa), to: user(row.currentSa) };
      if (numberOrNull(row.frozenAmount) !== numberOrNull(row.currentAmount)) {
        changes.amount = { from: numberOrNull(row.frozenAmount), to: numberOrNull(row.currentAmount) };
      }
      if (!sameSet(row.frozenSupporting, row.currentSupporting)) {
        changes.supportingSas = { from: people(row.frozenSupporting), to: people(row.currentSupporting) };
      }
      if (!sameSet(row.frozenFlags, row.currentFlags)) {
        changes.flags = { from: (row.frozenFlags ?? []) as CompFlag[], to: (row.currentFlags ?? []) as CompFlag[] };
      }
    }
    return {
      opportunityId: row.opportunityId,
      opportunity: { id: row.opportunityId, name: row.name, externalId: row.externalId, accountId: row.accountId, accountName: row.accountName },
      changes,
      edits: edits.get(row.opportunityId) ?? [],
    };
  });
}

type FrozenRow = { id: string; csmId: string | null; primarySaId: string | null; amount: string | null; supporting: string[]; flags: string[] };

/**
 * Which of these rows (a page of the review) differ from the approval's snapshot: the diff's rule
 * (CSM, primary SA, amount, supporting SAs and flags as sets; not in the snapshot at all) applied
 * to the page's rows only, so the table need not wait for the whole period's diff.
 */
export async function changedSinceApproval(actor: Actor, approvalId: string, rows: CompRowView[]): Promise<Set<string>> {
  authorize(actor, "comp.read");
  if (rows.length === 0) return new Set();
  const frozen = await db.$queryRaw<FrozenRow[]>`
    SELECT opportunity_id::text AS id, csm_id::text AS "csmId", primary_sa_id::text AS "primarySaId", amount::text AS amount,
      supporting_sa_ids::text[] AS supporting, flags
    FROM comp_approval_rows
    WHERE approval_id = ${approvalId}::uuid AND opportunity_id = ANY(${rows.map((row) => row.opportunity.id)}::uuid[])`;
  const byId = new Map(frozen.map((row) => [row.id, row]));
  const sameSet = (a: string[], b: string[]) => new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));
  return new Set(rows.filter((row) => {
    const before = byId.get(row.opportunity.id);
    return !before
      || before.csmId !== (row.csm?.id ?? null)
      || before.primarySaId !== (row.primarySa?.id ?? null)
      || numberOrNull(before.amount) !== row.amount
      || !sameSet(before.supporting, row.supportingSas.map((sa) => sa.id))
      || !sameSet(before.flags, row.flags);
  }).map((row) => row.opportunity.id));
}

/** Fields whose change moves comp: who gets credit, for how much, and whether it counts. */
const CREDIT_FIELDS = ["csm", "primary_sa", "supporting_sa", "amount", "stage", "merged_into"];
const EDITS_SHOWN = 5;

/**
 * The latest credit edits of each changed opportunity since the approval, with who made them and
 * their reason: "changed since approval" answers "who, and why" without opening every history.
 * Each opportunity is probed through the (entity_type, entity_id, id) index, newest first.
 */
async function editsSince(opportunityIds: string[], since: Date): Promise<Map<string, CompDiffItem["edits"]>> {
  if (opportunityIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ opportunityId: string; at: Date; by: string | null; field: string; reason: string | null }[]>`
    SELECT o.id AS "opportunityId", e.at, u.name AS by, e.field, e.reason
    FROM unnest(${opportunityIds}::text[]) AS o(id)
    CROSS JOIN LATERAL (
      SELECT e.at, e.actor_id, e.field, e.reason FROM audit_entries e
      WHERE e.entity_type = 'opportunity' AND e.entity_id = o.id AND e.at > ${since} AND e.field = ANY(${CREDIT_FIELDS}::text[])
      ORDER BY e.id DESC LIMIT ${EDITS_SHOWN}
    ) e
    LEFT JOIN users u ON u.id = e.actor_id
    ORDER BY o.id, e.at DESC`;
  const byOpportunity = new Map<string, CompDiffItem["edits"]>();
  for (const row of rows) {
    const list = byOpportunity.get(row.opportunityId) ?? [];
    list.push({ at: row.at.toISOString(), by: row.by, field: row.field, reason: row.reason });
    byOpportunity.set(row.opportunityId, list);
  }
  return byOpportunity;
}
