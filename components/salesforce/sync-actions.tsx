"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { catchSalesforceAction, retrySalesforceRecordAction, runSalesforceNowAction } from "@/lib/actions/salesforce.ts";

type Difference = { object: string; recordId: string; externalId: string; name: string; field: string; salesforce: string | null; roster: string | null; rosterEmail: string | null };
type Report = { dryRun: boolean; differenceCount: number; repaired: number; failed: number; differences: Difference[]; checked: { accounts: number; opportunities: number } };

/** "Run now" and the catch (dry run, then repair), with what each did. */
export function SyncActions({ enabled }: { enabled: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string }>();
  const [report, setReport] = useState<Report>();

  const runNow = (full: boolean) => startTransition(async () => {
    const result = await runSalesforceNowAction({ direction: "both", full });
    if (!result.ok) setMessage({ kind: "error", text: result.error.message });
    else {
      const { inbound, outbound } = result.data;
      setMessage({ kind: "ok", text: `Run finished: ${inbound ? `${inbound.created} new and ${inbound.updated} changed records from Salesforce` : "inbound busy"}; `
        + `${outbound ? `${outbound.records} records written, ${outbound.failed} refused` : "outbound busy"}.` });
    }
    router.refresh();
  });
  const runCatch = (dryRun: boolean) => startTransition(async () => {
    const result = await catchSalesforceAction({ dryRun });
    if (!result.ok) setMessage({ kind: "error", text: result.error.message });
    else {
      setReport(result.data);
      setMessage({ kind: "ok", text: dryRun ? `Catch (dry run): ${result.data.differenceCount} differences.` : `Catch: ${result.data.repaired} repaired, ${result.data.failed} refused.` });
    }
    router.refresh();
  });

  return (
    <div className="stack">
      {message ? <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>{message.text}</div> : null}
      <div className="row">
        <button className="btn primary" type="button" disabled={pending || !enabled} onClick={() => runNow(false)}>{pending ? "Working…" : "Run now"}</button>
        <button className="btn" type="button" disabled={pending || !enabled} onClick={() => runNow(true)}>Full load</button>
        <button className="btn" type="button" disabled={pending || !enabled} onClick={() => runCatch(true)}>Catch: dry run</button>
        <button className="btn" type="button" disabled={pending || !enabled || !report?.dryRun || report.differenceCount === 0} onClick={() => runCatch(false)}>Repair differences</button>
      </div>
      {report ? (
        <section aria-label="Catch report" className="stack">
          <p className="muted" style={{ margin: 0 }}>
            Checked {report.checked.accounts} accounts and {report.checked.opportunities} opportunities; {report.differenceCount} differences
            {report.differences.length < report.differenceCount ? ` (the first ${report.differences.length} listed)` : ""}.
          </p>
          {report.differences.length > 0 ? (
            <table className="data">
              <thead><tr><th>Record</th><th>Field</th><th>Salesforce holds</th><th>Roster says</th></tr></thead>
              <tbody>
                {report.differences.map((row) => (
                  <tr key={`${row.recordId}:${row.field}`}>
                    <td>{row.object} {row.name} <span className="muted">{row.externalId}</span></td>
                    <td>{row.field}</td>
                    <td>{row.salesforce ?? <span className="muted">empty</span>}</td>
                    <td>{row.rosterEmail ?? <span className="muted">empty</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

export function RetryRecordButton({ object, recordId }: { object: "Account" | "Opportunity" | "Csql"; recordId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <button className="btn" type="button" disabled={pending}
      onClick={() => startTransition(async () => { await retrySalesforceRecordAction({ object, recordId }); router.refresh(); })}>
      {pending ? "Sending…" : "Retry"}
    </button>
  );
}
