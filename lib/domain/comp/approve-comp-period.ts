import "server-only";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { usersById } from "@/lib/domain/users/queries.ts";
import { compRowsCte, inCompTransaction } from "./comp-rows-sql.ts";
import type { CompApprovalView, CompPeriod } from "./schemas.ts";

type Approved = { id: string; approvedAt: Date; rows: number; total: string };

/**
 * `POST /comp/approvals`: freezes the period's comp rows as they are now. The approval and its
 * rows are written by one statement from one read of comp_rows, so the header's count and total
 * always match the frozen rows; both tables refuse UPDATE and DELETE, so a later change to an
 * opportunity can never alter what was approved. Approving again makes a new approval.
 */
export async function approveCompPeriod({ actor, source }: ActorContext, period: CompPeriod): Promise<CompApprovalView> {
  authorize(actor, "comp.approve");
  const approval = await inCompTransaction(async (tx) => {
    const [approved] = await tx.$queryRaw<Approved[]>`
      ${compRowsCte(period)},
      approval AS (
        INSERT INTO comp_approvals (period_from, period_to, approved_by, row_count, total)
        SELECT ${period.from}::date, ${period.to}::date, ${actor.id}::uuid, count(*)::int, coalesce(sum(amount), 0)
        FROM comp_rows
        RETURNING id, approved_at, row_count, total
      ), frozen AS (
        INSERT INTO comp_approval_rows (approval_id, opportunity_id, csm_id, primary_sa_id, supporting_sa_ids, amount, closed_at, flags)
        SELECT approval.id, r.opportunity_id, r.csm_id, r.primary_sa_id, r.supporting_sa_ids, r.amount, r.closed_at, r.flags
        FROM comp_rows r CROSS JOIN approval
      )
      SELECT id::text, approved_at AS "approvedAt", row_count AS rows, total::text FROM approval`;
    await recordAudit(tx, { actorId: actor.id, source, reason: `${approved.rows} opportunities, total ${approved.total}` }, [
      { entityType: "comp_period", entityId: `${period.from}..${period.to}`, field: "approved", from: null, to: approved.id },
    ]);
    return approved;
  });
  const approver = (await usersById([actor.id])).get(actor.id)!;
  return {
    id: approval.id,
    from: period.from,
    to: period.to,
    approvedAt: approval.approvedAt.toISOString(),
    approvedBy: approver,
    rows: approval.rows,
    total: Number(approval.total),
  };
}
