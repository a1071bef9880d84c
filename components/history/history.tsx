import { requireActor } from "@/lib/auth/session.ts";
import { loadHistory } from "@/lib/domain/audit/history.ts";
import { HistoryList } from "./history-list.tsx";

/**
 * The readable audit trail of an account or an opportunity, newest first, with "Show more".
 * A server component: drop it into a page as `<History entityType="opportunity" entityId={id} />`.
 */
export async function History({ entityType, entityId, title = "History", pageSize = 15 }: {
  entityType: "account" | "opportunity" | "csql";
  entityId: string;
  title?: string;
  pageSize?: number;
}) {
  const actor = await requireActor();
  const page = await loadHistory(actor, { entityType, entityId, limit: pageSize });
  const headingId = `history-${entityId}`;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {/* Keyed on the newest change, so fresh data after a mutation replaces pages loaded before it. */}
      <HistoryList key={page.items[0]?.id ?? "empty"} initial={page} entityType={entityType} entityId={entityId} pageSize={pageSize} />
    </section>
  );
}
