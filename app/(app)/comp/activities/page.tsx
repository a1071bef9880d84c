import type { Metadata } from "next";
import { CompTabs } from "@/components/comp/comp-tabs.tsx";
import { formatCount } from "@/components/comp/format.ts";
import { LocalTime } from "@/components/ui/local-time.tsx";
import { PeriodPicker } from "@/components/comp/period-picker.tsx";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { listUnattributedActivities } from "@/lib/domain/comp/unattributed-activities.ts";
import { periodFromUrl } from "../period.ts";

export const metadata: Metadata = { title: "Unattributed activities" };

const LIMIT = 200;

export default async function UnattributedActivitiesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("comp.read");
  const { period, groups, refused } = await periodFromUrl(await searchParams);
  const { items, total } = await listUnattributedActivities(actor, period, { limit: LIMIT });
  return (
    <div className="stack comp-page">
      <div className="page-head">
        <div>
          <h1>Unattributed activities</h1>
          <p className="muted" style={{ margin: 0 }}>
            SA work in <strong>{period.label}</strong> that counts for no opportunity: logged to the account while none of its
            opportunities was open. Follow up so the work is logged against the right deal.
          </p>
        </div>
      </div>
      <CompTabs />
      <section className="panel" aria-label="Choose the period">
        <PeriodPicker groups={groups} current={refused?.period ?? period} action="/comp/activities" error={refused?.error} />
      </section>
      <section className="panel" aria-labelledby="unattributed-heading" style={{ padding: 0, overflow: "auto" }}>
        <h2 id="unattributed-heading" style={{ padding: "14px 16px 0" }}>
          {formatCount(total)} {total === 1 ? "activity" : "activities"}{total > LIMIT ? ` (the latest ${LIMIT} shown)` : ""}
        </h2>
        {items.length === 0 ? (
          <div className="empty">Every activity of this period counts for an opportunity.</div>
        ) : (
          <table className="data">
            <caption className="sr-only">Unattributed activities</caption>
            <thead><tr><th>When</th><th>Who</th><th>Account</th><th>Activity</th><th>Why it counts nowhere</th></tr></thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td><LocalTime value={item.occurredAt} /></td>
                  <td>{item.user?.name ?? "Unknown"}</td>
                  <td><a href={`/accounts/${item.account.id}`}>{item.account.name}</a></td>
                  <td>{item.type}{item.subject ? <div className="comp-sub">{item.subject}</div> : null}</td>
                  <td>{item.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
