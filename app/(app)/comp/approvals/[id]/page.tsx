import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ApprovalChanges } from "@/components/comp/approval-changes.tsx";
import { CompTabs } from "@/components/comp/comp-tabs.tsx";
import { formatCount, formatDay, formatMoment, formatMoney } from "@/components/comp/format.ts";
import { FrozenTable } from "@/components/comp/frozen-table.tsx";
import { parseTableParams } from "@/components/data-table/url-state.ts";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { diffCompApproval, getCompApproval } from "@/lib/domain/comp/approval-queries.ts";
import type { CompRowView } from "@/lib/domain/comp/schemas.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";

export const metadata: Metadata = { title: "Comp approval" };

const FROZEN_SORTS = ["closedAt", "amount"];

/** Orders frozen rows for display (no arithmetic on amounts, only comparison). */
function sortRows(items: CompRowView[], key: string, desc: boolean): CompRowView[] {
  const value = (row: CompRowView) => (key === "amount" ? row.amount ?? -Infinity : Date.parse(row.closedAt));
  const sign = desc ? -1 : 1;
  return [...items].sort((a, b) => sign * (value(a) - value(b)) || a.opportunity.id.localeCompare(b.opportunity.id));
}

export default async function CompApprovalPage({ params, searchParams }: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePermission("comp.read");
  const { id } = await params;
  if (!idSchema.safeParse(id).success) notFound();
  const found = await Promise.all([getCompApproval(actor, id), diffCompApproval(actor, id)]).catch((error) => {
    if (error instanceof DomainError && error.code === "not_found") return null;
    throw error;
  });
  if (!found) notFound();
  const [{ approval, items }, changes] = found;
  // The frozen rows are read whole (a period is at most a year); the table pages them by offset.
  const table = parseTableParams(await searchParams, { sortable: FROZEN_SORTS });
  const offset = Math.max(0, Number.isInteger(Number(table.cursor)) ? Number(table.cursor) : 0);
  const sorted = table.sort ? sortRows(items, table.sort.key, table.sort.desc) : items;
  const page = sorted.slice(offset, offset + table.limit);
  const next = offset + table.limit < items.length ? String(offset + table.limit) : null;
  const review = `/comp?${new URLSearchParams({ period: "custom", from: approval.from, to: approval.to })}`;

  return (
    <div className="stack comp-page">
      <div className="page-head">
        <div>
          <h1>Approval of {formatDay(approval.from)} – {formatDay(approval.to)}</h1>
          <p className="muted" style={{ margin: 0 }}>
            Approved by {approval.approvedBy.name} on {formatMoment(approval.approvedAt)}. These rows are frozen: later changes
            show below as differences, never in the snapshot.
          </p>
        </div>
        <Link className="btn" href={review}>Review this period now</Link>
      </div>
      <CompTabs />
      <div className="stats">
        <div className="panel stat"><div className="muted">Opportunities</div><div className="value">{formatCount(approval.rows)}</div></div>
        <div className="panel stat"><div className="muted">Approved total</div><div className="value">{formatMoney(approval.total)}</div></div>
        <div className="panel stat"><div className="muted">Changed since</div><div className="value">{formatCount(changes.length)}</div></div>
      </div>
      <section className="panel" aria-labelledby="changes-heading">
        <h2 id="changes-heading">Changed since approval</h2>
        <ApprovalChanges items={changes} />
      </section>
      <section aria-label="Frozen rows">
        <FrozenTable rows={page} nextCursor={next} total={items.length} exportHref={`/comp/approvals/${approval.id}/export`} />
      </section>
    </div>
  );
}
