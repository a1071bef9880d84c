import "./accounts.css";
import type { MovePreview } from "@/lib/domain/accounts/move-preview-schema.ts";
import { plural } from "./format.ts";

/**
 * The receiving rep's load before → after against capacity (a warning when it goes over), and
 * the accounts and open opportunities that change: the first 50 named, all of them counted.
 */
export function MovePreviewPanel({ preview, roleLabel }: { preview: MovePreview; roleLabel: string }) {
  const { receiving, accounts, opportunities } = preview;
  return (
    <div className="stack acc-move-preview">
      {receiving ? (
        <p className={receiving.over ? "alert error" : "muted"} style={{ margin: 0 }} role={receiving.over ? "alert" : undefined}>
          <strong>{receiving.name}</strong> as {roleLabel}: {receiving.before} → {receiving.after}
          {receiving.capacity !== null ? ` of ${receiving.capacity} accounts` : " accounts (no capacity set)"}
          {receiving.over ? ` — over capacity (${receiving.after}/${receiving.capacity})` : ""}
        </p>
      ) : null}
      <details>
        <summary>{plural(accounts.total, "account")} change{opportunities.total ? `, ${plural(opportunities.total, "open opportunity", "open opportunities")} stamped` : ""}</summary>
        <ul className="acc-move-list" aria-label="Accounts that change">
          {accounts.items.map((account) => <li key={account.id}>{account.name}</li>)}
          {accounts.total > accounts.items.length ? <li className="muted">and {accounts.total - accounts.items.length} more</li> : null}
        </ul>
        {opportunities.total ? (
          <ul className="acc-move-list" aria-label="Opportunities that change">
            {opportunities.items.map((opportunity) => <li key={opportunity.id}>{opportunity.name} <span className="muted">({opportunity.accountName})</span></li>)}
            {opportunities.total > opportunities.items.length ? <li className="muted">and {opportunities.total - opportunities.items.length} more</li> : null}
          </ul>
        ) : null}
      </details>
    </div>
  );
}
