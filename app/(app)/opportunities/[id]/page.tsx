import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/auth/permissions.ts";
import { requireActor } from "@/lib/auth/session.ts";
import { listActivities } from "@/lib/domain/activities/queries.ts";
import { getAccount } from "@/lib/domain/accounts/queries.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { eligibleUsersForRole, type PickerUser } from "@/lib/domain/opportunities/eligible-users.ts";
import { getOpportunity } from "@/lib/domain/opportunities/queries.ts";
import { mayOverrideAsTeamManager } from "@/lib/domain/opportunities/team-deal.ts";
import { ActivityForm } from "@/components/opportunities/activity-form.tsx";
import { ActivityList } from "@/components/opportunities/activity-list.tsx";
import { CsmPanel } from "@/components/opportunities/csm-panel.tsx";
import { formatAmount, formatDay, STAGE_LABELS } from "@/components/opportunities/format.ts";
import { LocalTime } from "@/components/ui/local-time.tsx";
import { LockIcon, OverrideBadge, StageBadge } from "@/components/opportunities/lock-icon.tsx";
import { MergeSection } from "@/components/opportunities/merge-dialog.tsx";
import { SaPanel } from "@/components/opportunities/sa-panel.tsx";
import { StageForm } from "@/components/opportunities/stage-form.tsx";
import { History } from "@/components/history/history.tsx";
import "@/components/opportunities/opportunities.css";

export const metadata: Metadata = { title: "Opportunity" };

const ACTIVITIES_PER_PAGE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const orNotFound = (error: unknown): never => {
  if (error instanceof DomainError && error.code === "not_found") notFound();
  throw error;
};

export default async function OpportunityPage({ params, searchParams }: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const query = await searchParams;
  const activityCursor = typeof query.activities === "string" ? query.activities : undefined;

  const opportunity = await getOpportunity(actor, id).catch(orNotFound);
  const privilegedSas = can(actor.profile, "opportunities.setSas");
  // A CSM manager overrides the CSM and primary SA of their team's open deals.
  const teamManager = await mayOverrideAsTeamManager(actor, id);
  const canOverride = can(actor.profile, "opportunities.overrideCsm") || teamManager;
  const canLogForOthers = can(actor.profile, "activities.log");
  const canLogOwn = can(actor.profile, "activities.logOwn");
  const none: PickerUser[] = [];
  const [account, mergedInto, activities, csmUsers, saUsers] = await Promise.all([
    getAccount(actor, opportunity.accountId),
    opportunity.mergedIntoId ? getOpportunity(actor, opportunity.mergedIntoId).catch(() => null) : null,
    // A stale "older" link only costs the paging: fall back to the newest activities.
    listActivities(actor, { opportunityId: id, limit: ACTIVITIES_PER_PAGE, cursor: activityCursor })
      .catch((error) => activityCursor && error instanceof DomainError && error.code === "invalid_request"
        ? listActivities(actor, { opportunityId: id, limit: ACTIVITIES_PER_PAGE })
        : Promise.reject(error)),
    canOverride ? eligibleUsersForRole(actor, "csm") : none,
    privilegedSas || canLogForOthers || teamManager ? eligibleUsersForRole(actor, "sa") : none,
  ]);

  const saMode = privilegedSas ? "privileged" : teamManager ? "team" : can(actor.profile, "opportunities.setSelfAsSa") ? "self" : "none";
  const canChangeStage = can(actor.profile, "opportunities.write");
  const canMerge = can(actor.profile, "opportunities.merge") && !opportunity.mergedIntoId;
  const older = activities.nextCursor ? `/opportunities/${id}?activities=${encodeURIComponent(activities.nextCursor)}` : null;

  return (
    <div className="stack">
      <p style={{ margin: 0 }}><Link href="/opportunities">← Opportunities</Link></p>
      <div className="page-head">
        <div>
          <h1>
            {opportunity.name}
            <span className="opp-head-badges">
              {opportunity.isClosed ? <LockIcon /> : null}
              <StageBadge stage={opportunity.stage} label={STAGE_LABELS[opportunity.stage]} />
              {opportunity.csmOverridden ? <OverrideBadge /> : null}
              {opportunity.mergedIntoId ? <span className="badge">Merged</span> : null}
            </span>
          </h1>
          <p className="muted" style={{ margin: 0 }}>
            <Link href={`/accounts/${account.id}`}>{account.name}</Link>
            {opportunity.externalId ? <> · CRM id {opportunity.externalId}</> : null}
          </p>
        </div>
      </div>
      {opportunity.mergedIntoId ? (
        <div className="alert info" role="note">
          Merged into {mergedInto ? <Link href={`/opportunities/${mergedInto.id}`}>{mergedInto.name}</Link> : "another opportunity"}.
          Its activities count there; it no longer counts in workload or comp.
        </div>
      ) : null}

      <div className="grid-2 opp-grid">
        <div className="stack">
          <section className="panel" aria-labelledby="opp-details-title">
            <h2 id="opp-details-title">Details</h2>
            <dl className="opp-dl">
              <dt>Account</dt><dd><Link href={`/accounts/${account.id}`}>{account.name}</Link></dd>
              <dt>Stage</dt>
              <dd data-testid="opp-stage">
                {STAGE_LABELS[opportunity.stage]}
                {opportunity.isClosed ? <> · <span className="muted">CSM and SAs locked</span></> : null}
              </dd>
              <dt>Amount</dt><dd>{formatAmount(opportunity.amount)}</dd>
              <dt>Close date</dt><dd>{formatDay(opportunity.closeDate)}</dd>
              <dt>Created</dt><dd><LocalTime value={opportunity.createdAt} /></dd>
              <dt>Closed</dt><dd>{opportunity.closedAt ? <LocalTime value={opportunity.closedAt} /> : "Open"}</dd>
            </dl>
            {canChangeStage ? (
              <StageForm id={opportunity.id} stage={opportunity.stage} version={opportunity.version} merged={Boolean(opportunity.mergedIntoId)} />
            ) : null}
          </section>

          <section className="panel" aria-labelledby="opp-activities-title">
            <h2 id="opp-activities-title">Activities</h2>
            <ActivityList items={activities.items} nextHref={older} firstHref={activityCursor ? `/opportunities/${id}` : null} />
            {canLogForOthers || canLogOwn ? (
              <ActivityForm opportunityId={id} accountId={opportunity.accountId} actorId={actor.id}
                saUsers={canLogForOthers ? saUsers : undefined} />
            ) : null}
          </section>

          <History entityType="opportunity" entityId={id} />
        </div>

        <div className="stack">
          <CsmPanel opportunity={opportunity} canOverride={canOverride} csmUsers={csmUsers} />
          <SaPanel opportunity={opportunity} actorId={actor.id} mode={saMode} saUsers={privilegedSas || teamManager ? saUsers : none} />
          {canMerge ? (
            <MergeSection id={opportunity.id} name={opportunity.name} accountId={opportunity.accountId} isClosed={opportunity.isClosed} />
          ) : null}
        </div>
      </div>
    </div>
  );
}
