import type { Metadata } from "next";
import Link from "next/link";
import { CompTabs } from "@/components/comp/comp-tabs.tsx";
import { formatCount, formatDay, formatMoment, formatMoney } from "@/components/comp/format.ts";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { listCompApprovals } from "@/lib/domain/comp/approval-queries.ts";

export const metadata: Metadata = { title: "Comp approvals" };

export default async function CompApprovalsPage() {
  const actor = await requirePermission("comp.read");
  const approvals = await listCompApprovals(actor, {});
  // Only the newest approval of a period is its current one; older ones stay as history.
  const seen = new Set<string>();
  const rows = approvals.map((approval) => {
    const key = `${approval.from}..${approval.to}`;
    const current = !seen.has(key);
    seen.add(key);
    return { ...approval, current };
  });
  return (
    <div className="stack comp-page">
      <div className="page-head">
        <div>
          <h1>Comp approvals</h1>
          <p className="muted" style={{ margin: 0 }}>Frozen snapshots of who got credit, newest first. Snapshots never change; re-approving a period adds a new one.</p>
        </div>
      </div>
      <CompTabs />
      <section className="panel" aria-label="Approvals" style={{ padding: 0, overflow: "auto" }}>
        {rows.length === 0 ? (
          <div className="empty">No period has been approved yet. Approve one from the <Link href="/comp">review</Link>.</div>
        ) : (
          <table className="data">
            <caption className="sr-only">Comp approvals</caption>
            <thead>
              <tr><th>Period</th><th>Approved</th><th>By</th><th className="num">Opportunities</th><th className="num">Total</th><th>Status</th></tr>
            </thead>
            <tbody>
              {rows.map((approval) => (
                <tr key={approval.id}>
                  <td><Link href={`/comp/approvals/${approval.id}`}>{formatDay(approval.from)} – {formatDay(approval.to)}</Link></td>
                  <td>{formatMoment(approval.approvedAt)}</td>
                  <td>{approval.approvedBy.name}</td>
                  <td className="num">{formatCount(approval.rows)}</td>
                  <td className="num">{formatMoney(approval.total)}</td>
                  <td>{approval.current ? <span className="badge ok">Latest for its period</span> : <span className="badge">Superseded</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
