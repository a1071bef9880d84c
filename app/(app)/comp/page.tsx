import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { ApprovePeriod } from "@/components/comp/approve-period.tsx";
import { approvalWarnings } from "@/lib/domain/comp/approval-warnings.ts";
import { CompTabs } from "@/components/comp/comp-tabs.tsx";
import { FiscalYearForm } from "@/components/comp/fiscal-year-form.tsx";
import { formatCount, formatMoment, formatMoney } from "@/components/comp/format.ts";
import { PeriodPicker } from "@/components/comp/period-picker.tsx";
import { RepTotals } from "@/components/comp/rep-totals.tsx";
import { ReviewTable } from "@/components/comp/review-table.tsx";
import { parseTableParams } from "@/components/data-table/url-state.ts";
import { can } from "@/lib/auth/permissions.ts";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { changedSinceApproval, listCompApprovals } from "@/lib/domain/comp/approval-queries.ts";
import { compReview } from "@/lib/domain/comp/review-queries.ts";
import { REVIEW_FLAG_FILTERS, REVIEW_SORTS, type ReviewFlagFilter } from "@/lib/domain/comp/review-schemas.ts";
import { eligibleUsersForRole } from "@/lib/domain/opportunities/eligible-users.ts";
import { periodQuery } from "@/lib/domain/settings/fiscal.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { ApprovalVerdict, ChangesSinceApproval } from "./approval-diff.tsx";
import { periodFromUrl } from "./period.ts";

export const metadata: Metadata = { title: "Compensation review" };

type Search = Record<string, string | string[] | undefined>;

export default async function CompReviewPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePermission("comp.read");
  const search = await searchParams;
  const { period, groups, startMonth, refused } = await periodFromUrl(search);
  const table = parseTableParams(search, { sortable: REVIEW_SORTS });
  const text = (key: string) => {
    const value = table.filters[key];
    return Array.isArray(value) ? value[0] : value;
  };
  // Filters from the URL are whitelisted; anything else is ignored rather than an error page.
  const flag = (REVIEW_FLAG_FILTERS as readonly string[]).includes(text("flag") ?? "") ? (text("flag") as ReviewFlagFilter) : undefined;
  const repId = idSchema.safeParse(text("rep")).success ? text("rep") : undefined;
  const canFix = can(actor.profile, "comp.fixCredit");
  const canApprove = can(actor.profile, "comp.approve");

  const reviewQuery = {
    flag, repId, sort: (table.sort?.key ?? "closedAt") as (typeof REVIEW_SORTS)[number], desc: table.sort?.desc ?? false, limit: table.limit,
  };
  const [review, approvals, csms, sas] = await Promise.all([
    compReview(actor, period, { ...reviewQuery, cursor: table.cursor || undefined }).catch((error) => {
      // A cursor from another sort or an edited link: start from the first page instead of failing.
      if (error instanceof DomainError && error.code === "invalid_request" && table.cursor) return compReview(actor, period, reviewQuery);
      throw error;
    }),
    listCompApprovals(actor, { from: period.from, to: period.to }),
    canFix ? eligibleUsersForRole(actor, "csm") : [],
    canFix ? eligibleUsersForRole(actor, "sa") : [],
  ]);
  const latest = approvals.find((approval) => approval.from === period.from && approval.to === period.to) ?? null;
  // The table marks its own rows; the whole period's diff streams in below, off the first screen.
  const changed = latest ? await changedSinceApproval(actor, latest.id, review.rows) : new Set<string>();
  const flagged = review.period.count === 0 ? 0 : Object.values(review.flagCounts).reduce((a, b) => a + b, 0);
  const query = periodQuery(period);
  const exportHref = `/comp/export?${new URLSearchParams({ from: period.from, to: period.to, ...(flag ? { flag } : {}), ...(repId ? { rep: repId } : {}) })}`;

  return (
    <div className="stack comp-page">
      <div className="page-head">
        <div>
          <h1>Compensation review</h1>
          <p className="muted" style={{ margin: 0 }}>
            Who gets credit for each closed-won opportunity of <strong>{period.label}</strong> ({period.from} to {period.to}, UTC).
          </p>
        </div>
      </div>
      <CompTabs />
      <section className="panel" aria-label="Choose the period">
        <PeriodPicker groups={groups} current={refused?.period ?? period} action="/comp" error={refused?.error} />
        {refused ? <div className="alert error" role="alert" style={{ marginTop: 12 }}>Those dates are not a period (see above); showing {period.label}.</div> : null}
      </section>

      <div className="stats" aria-label="Period summary">
        <div className="panel stat"><div className="muted">Closed-won opportunities</div><div className="value" data-testid="period-count">{formatCount(review.period.count)}</div></div>
        <div className="panel stat"><div className="muted">Credited amount</div><div className="value" data-testid="period-amount">{formatMoney(review.period.amount)}</div></div>
        <div className="panel stat">
          <div className="muted">Closed won from CSQLs</div>
          <div className="value" data-testid="period-csql-amount">{formatMoney(review.fromCsqls.amount)}</div>
          <div className="muted">{formatCount(review.fromCsqls.count)} {review.fromCsqls.count === 1 ? "deal" : "deals"}</div>
        </div>
        <div className="panel stat"><div className="muted">Flags raised</div><div className="value">{formatCount(flagged)}</div></div>
        <div className="panel stat">
          <div className="muted">Approval</div>
          <div className="value" style={{ fontSize: 18 }}>
            {latest ? <Suspense fallback="Checking…">{<ApprovalVerdict actor={actor} approvalId={latest.id} />}</Suspense> : "Not approved"}
          </div>
        </div>
      </div>

      <section className="panel stack" aria-labelledby="approval-heading">
        <h2 id="approval-heading" style={{ margin: 0 }}>Approval</h2>
        {latest ? (
          <p style={{ margin: 0 }} data-testid="latest-approval">
            Approved by {latest.approvedBy.name} on {formatMoment(latest.approvedAt)}: {formatCount(latest.rows)} opportunities,
            total {formatMoney(latest.total)}. <Link href={`/comp/approvals/${latest.id}`}>See the snapshot</Link>
          </p>
        ) : (
          <p className="muted" style={{ margin: 0 }}>This period has not been approved yet.</p>
        )}
        {latest ? (
          <div>
            <h3 style={{ fontSize: 14, margin: "4px 0" }}>Changed since approval</h3>
            <Suspense fallback={<p className="muted" style={{ margin: 0 }}>Comparing the period with its approval…</p>}>
              <ChangesSinceApproval actor={actor} approvalId={latest.id} />
            </Suspense>
          </div>
        ) : null}
        {canApprove ? (
          <ApprovePeriod period={{ from: period.from, to: period.to }} label={period.label} count={review.period.count}
            amount={review.period.amount} again={latest !== null} warnings={approvalWarnings(period, review.flagCounts)} />
        ) : null}
      </section>

      <section aria-label="Opportunities">
        <ReviewTable
          rows={review.rows.map((row) => ({ ...row, changedSinceApproval: changed.has(row.opportunity.id) }))}
          nextCursor={review.nextCursor}
          total={review.matching.count}
          reps={review.reps.map(({ id, name, email }) => ({ id, name, email }))}
          flagCounts={review.flagCounts}
          canFix={canFix}
          csms={csms}
          sas={sas}
          exportHref={exportHref}
        />
      </section>

      <div className="comp-grid">
        <RepTotals title="Credit per CSM" rows={review.csmTotals} total={review.period} currentRepId={repId} />
        <RepTotals title="Credit per primary SA" rows={review.saTotals} total={review.period} currentRepId={repId} />
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Totals cover the whole period, whatever the filters. Unattributed SA activity for this period:{" "}
        <Link href={`/comp/activities?${query}`}>follow up</Link>.
      </p>

      {can(actor.profile, "admin.open") ? (
        <section className="panel" aria-labelledby="fiscal-heading">
          <h2 id="fiscal-heading">Fiscal calendar</h2>
          <FiscalYearForm month={startMonth} />
        </section>
      ) : null}
    </div>
  );
}
