"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { approvePeriodAction } from "@/lib/actions/comp.ts";
import { formatCount, formatMoney } from "./format.ts";
import { ModalButton } from "./modal.tsx";

/**
 * "Approve period" behind a confirmation: an approval is a frozen, append-only snapshot, so the
 * dialog says what will be frozen. Approving again later makes a new snapshot.
 */
export function ApprovePeriod({ period, label, count, amount, again, warnings = [] }: {
  period: { from: string; to: string };
  label: string;
  count: number;
  amount: string;
  again: boolean;
  /** Open flags, a period not yet ended (lib/domain/comp/approval-warnings.ts): said before Approve. */
  warnings?: string[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [approved, setApproved] = useState<{ id: string; rows: number }>();

  return (
    <div className="stack" style={{ gap: 8 }}>
      <div>
        <ModalButton label={again ? "Re-approve period" : "Approve period"} className="btn primary" title={`Approve ${label}`}>
          {(close) => (
            <>
              <p style={{ margin: 0 }}>
                This freezes who gets credit for the {formatCount(count)} closed-won opportunities of {label}, total{" "}
                <strong>{formatMoney(amount)}</strong>, as they are now. Later changes will not alter it; they show as
                changes since approval.
              </p>
              {warnings.length > 0 ? (
                <div className="alert warn" data-testid="approval-warnings">
                  <ul style={{ margin: 0, paddingLeft: 18 }}>{warnings.map((warning) => <li key={warning}>{warning}</li>)}</ul>
                </div>
              ) : null}
              {error ? <div className="alert error" role="alert">{error}</div> : null}
              <div className="comp-dialog-actions">
                <button type="button" className="btn" onClick={close}>Cancel</button>
                <button type="button" className="btn primary" disabled={pending} onClick={() => startTransition(async () => {
                  const result = await approvePeriodAction(period).catch(() => ({
                    ok: false as const, error: { code: "internal", message: "Could not reach the server. Try again." },
                  }));
                  if (result.ok) {
                    setApproved(result.data);
                    setError(undefined);
                    close();
                    router.refresh();
                  } else setError(result.error.message);
                })}>
                  {pending ? "Approving…" : warnings.length > 0 ? "Approve anyway" : "Approve"}
                </button>
              </div>
            </>
          )}
        </ModalButton>
      </div>
      <div role="status">
        {approved ? (
          <div className="alert ok">
            Approved: {formatCount(approved.rows)} opportunities frozen. <Link href={`/comp/approvals/${approved.id}`}>See the snapshot</Link>
          </div>
        ) : null}
      </div>
    </div>
  );
}
