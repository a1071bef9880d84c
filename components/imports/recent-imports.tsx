import Link from "next/link";
import type { ImportView } from "@/lib/domain/imports/schemas.ts";
import { count, KIND_LABELS, statusLabel, when } from "./format.ts";

const STATUS_BADGE: Record<ImportView["status"], string> = { queued: "badge", running: "badge brand", succeeded: "badge ok", failed: "badge danger" };

/** The latest imports, each a link back to its progress and preview. */
export function RecentImports({ items, openId }: { items: ImportView[]; openId: string | null }) {
  if (items.length === 0) {
    return <p className="empty">No imports yet. The first one you run shows up here.</p>;
  }
  return (
    <div className="imp-scroll">
      <table className="data">
        <thead>
          <tr><th>Started</th><th>File</th><th>Holds</th><th>Kind</th><th>Status</th><th className="num">Rows</th><th>Result</th><th>By</th></tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} aria-current={item.id === openId ? "true" : undefined}>
              <td><Link href={`/imports?id=${item.id}`}>{when(item.createdAt)}</Link></td>
              <td>{item.fileName ?? "—"}</td>
              <td>{KIND_LABELS[item.kind]}</td>
              <td>{item.dryRun ? "Dry run" : "Apply"}</td>
              <td><span className={STATUS_BADGE[item.status]}>{statusLabel(item)}</span></td>
              <td className="num">{count(item.total)}</td>
              <td>
                {item.status === "failed"
                  ? `${count(item.errorCount)} problem${item.errorCount === 1 ? "" : "s"}`
                  : item.status === "succeeded"
                    ? `${count(item.created)} created, ${count(item.updated)} updated${item.pending ? `, ${count(item.pending)} pending` : ""}${item.invalidRows ? `, ${count(item.invalidRows)} bad ${item.invalidRows === 1 ? "row" : "rows"} skipped` : ""}`
                    : "—"}
              </td>
              <td>{item.createdBy?.name ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
