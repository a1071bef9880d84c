import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { can } from "@/lib/auth/permissions.ts";
import { allRoles } from "@/lib/domain/roles/queries.ts";
import { fieldDefinitions } from "@/lib/domain/account-fields/queries.ts";
import { listDeletedAccounts, listPendingRecords, listRuns, syncStatus } from "@/lib/domain/salesforce/queries.ts";
import { MappingForm } from "@/components/salesforce/mapping-form.tsx";
import { RetryRecordButton, SyncActions } from "@/components/salesforce/sync-actions.tsx";

export const metadata: Metadata = { title: "Salesforce" };

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en-US", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" }) + " UTC" : "never");

export default async function SalesforcePage() {
  const actor = await requirePermission("salesforce.read");
  const context = { actor, source: "ui" as const };
  const [status, runs, records, deleted, roles, fields] = await Promise.all([
    syncStatus(context), listRuns(context), listPendingRecords(context), listDeletedAccounts(context), allRoles(), fieldDefinitions(),
  ]);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Salesforce</h1>
          <p className="muted" style={{ margin: 0 }}>
            Roster writes coverage to Salesforce; Salesforce's new records, names, stages and amounts come in every minute.
          </p>
        </div>
      </div>
      <section className="panel stack" aria-labelledby="sf-connection">
        <h2 id="sf-connection">Connection</h2>
        {status.enabled ? (
          <p style={{ margin: 0 }}>
            {status.lastError ? <span className="badge danger">Failing</span> : <span className="badge ok">Connected</span>}{" "}
            Last from Salesforce: {when(status.lastInboundAt)} · last to Salesforce: {when(status.lastOutboundAt)} · lag {status.lagSeconds} s ·{" "}
            {status.pending} waiting, {status.failed} given up
          </p>
        ) : (
          <div className="empty">Not configured: set SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET and restart Roster.</div>
        )}
        {status.lastError ? <div className="alert error" role="alert">{status.lastError}{status.failingSince ? ` (since ${when(status.failingSince)})` : ""}</div> : null}
        <SyncActions enabled={status.enabled} />
      </section>
      <section className="panel" aria-labelledby="sf-records" style={{ overflow: "auto" }}>
        <h2 id="sf-records">Records Salesforce refused</h2>
        {records.items.length === 0 ? <div className="empty">None: everything Roster sent was accepted.</div> : (
          <table className="data">
            <thead><tr><th>Record</th><th>Status</th><th>Attempts</th><th>Salesforce said</th><th><span className="sr-only">Retry</span></th></tr></thead>
            <tbody>
              {records.items.map((row) => (
                <tr key={`${row.object}:${row.recordId}`}>
                  <td>{row.object} {row.name ?? row.recordId} <span className="muted">{row.externalId ?? ""}</span></td>
                  <td>{row.status === "failed" ? <span className="badge danger">Given up</span> : <span className="badge">Retrying</span>}</td>
                  <td>{row.attempts}</td>
                  <td><code>{row.errorCode}</code> {row.lastError}</td>
                  <td><RetryRecordButton object={row.object as "Account" | "Opportunity" | "Csql"} recordId={row.recordId} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="sf-deleted" style={{ overflow: "auto" }}>
        <h2 id="sf-deleted">Accounts deleted in Salesforce</h2>
        <p className="muted" style={{ marginTop: 0 }}>Roster kept their coverage: move the book to the surviving account, or leave it. They leave this list if Salesforce restores them.</p>
        {deleted.items.length === 0 ? <div className="empty">None.</div> : (
          <table className="data">
            <thead><tr><th>Account</th><th>Deleted</th><th>Merged into</th><th>Role holders</th></tr></thead>
            <tbody>
              {deleted.items.map((row) => (
                <tr key={row.id}>
                  <td><Link href={`/accounts/${row.id}`}>{row.name}</Link> <span className="muted">{row.externalId ?? ""}</span></td>
                  <td>{when(row.deletedAt)}</td>
                  <td>{row.master ? (row.master.id ? <Link href={`/accounts/${row.master.id}`}>{row.master.name}</Link> : <span className="muted">{row.master.externalId} (not in Roster)</span>) : <span className="muted">not merged</span>}</td>
                  <td>{row.holders}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="sf-runs" style={{ overflow: "auto" }}>
        <h2 id="sf-runs">Last runs</h2>
        {runs.items.length === 0 ? <div className="empty">No runs yet.</div> : (
          <table className="data">
            <thead><tr><th>Started</th><th>Kind</th><th>Status</th><th>Records</th><th>API calls</th><th>Refused</th><th>Error</th></tr></thead>
            <tbody>
              {runs.items.map((run) => (
                <tr key={run.id}>
                  <td>{when(run.startedAt)}</td><td>{run.kind}</td>
                  <td>{run.status === "failed" ? <span className="badge danger">Failed</span> : run.status === "running" ? <span className="badge">Running</span> : <span className="badge ok">Done</span>}</td>
                  <td>{run.records}</td><td>{run.calls}</td><td>{run.failed}</td><td>{run.error ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="sf-mapping">
        <h2 id="sf-mapping">Field mapping</h2>
        <MappingForm mapping={status.mapping} csqlTarget={status.csqlTarget} canEdit={can(actor.profile, "salesforce.manage") && status.enabled}
          roles={roles.map((role) => ({ key: role.key, label: role.label }))}
          crmFields={fields.filter((field) => field.owner === "crm").map((field) => ({ key: field.key, label: field.label }))} />
      </section>
    </div>
  );
}
