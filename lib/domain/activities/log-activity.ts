import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { can, canOnAccount, isPrivileged } from "@/lib/auth/permissions.ts";
import { holderRights } from "@/lib/domain/roles/holder-rights.ts";
import { DomainError, invalidFields } from "@/lib/errors/domain-error.ts";
import { attributedOpportunities } from "./attribution.ts";
import type { ActivityView, LogActivityInput } from "./schemas.ts";

/** Privileged profiles log for anyone, an SA for themselves, a holder whose role allows it for anyone on that account. */
async function authorizeLog(tx: Tx, actor: ActorContext["actor"], userId: string, accountId: string): Promise<void> {
  if (can(actor.profile, "activities.log")) return;
  if (can(actor.profile, "activities.logOwn") && userId === actor.id) return;
  if (canOnAccount(actor, "activities.log", await holderRights(tx, actor.id, accountId))) return;
  throw new DomainError(
    "forbidden",
    can(actor.profile, "activities.logOwn") ? "An SA may only log their own activities." : "Your profile may not log activities.",
  );
}

/** Clocks disagree a little; a few minutes ahead is skew, more is a date in the future. */
export const FUTURE_SKEW_MS = 5 * 60 * 1000;
/** How far back a rep may date their own work; older history is privileged profiles' to record. */
export const MAX_BACKDATE_MS = 365 * 24 * 60 * 60 * 1000;

function assertPlausibleDate(actor: ActorContext["actor"], occurredAt: Date, now = Date.now()): void {
  if (occurredAt.getTime() > now + FUTURE_SKEW_MS) {
    throw invalidFields({ occurredAt: "An activity cannot be dated in the future." });
  }
  if (!isPrivileged(actor.profile) && occurredAt.getTime() < now - MAX_BACKDATE_MS) {
    throw invalidFields({ occurredAt: "An activity can be dated at most one year back." });
  }
}

const missing = (what: string, field: string) =>
  new DomainError("not_found", `${what} not found.`, { fields: { [field]: `No such ${what.toLowerCase()}.` } });

/**
 * `POST /activities`: SA work, logged by the SA themselves or by a privileged profile on their
 * behalf. Returns it with the opportunity it counts for at this moment (attribution is computed,
 * never stored, so a later merge or close moves it to where it now belongs).
 */
export async function logActivity({ actor }: ActorContext, input: LogActivityInput): Promise<ActivityView> {
  const occurredAt = new Date(input.occurredAt);
  assertPlausibleDate(actor, occurredAt);
  return db.$transaction(async (tx) => {
    await authorizeLog(tx, actor, input.userId, input.accountId);
    const [refs] = await tx.$queryRaw<{ user: boolean; account: boolean; opportunityAccountId: string | null }[]>`
      SELECT EXISTS (SELECT 1 FROM users WHERE id = ${input.userId}::uuid) AS user,
        EXISTS (SELECT 1 FROM accounts WHERE id = ${input.accountId}::uuid) AS account,
        (SELECT account_id::text FROM opportunities WHERE id = ${input.opportunityId ?? null}::uuid) AS "opportunityAccountId"`;
    if (!refs.user) throw missing("User", "userId");
    if (!refs.account) throw missing("Account", "accountId");
    if (input.opportunityId) {
      if (!refs.opportunityAccountId) throw missing("Opportunity", "opportunityId");
      if (refs.opportunityAccountId !== input.accountId) {
        throw invalidFields({ opportunityId: "This opportunity belongs to another account." });
      }
    }
    const activity = await tx.activity.create({
      data: {
        userId: input.userId,
        accountId: input.accountId,
        opportunityId: input.opportunityId ?? null,
        occurredAt,
        type: input.type,
        subject: input.subject || null,
        createdBy: actor.id,
      },
    });
    const attribution = (await attributedOpportunities(tx, { activityIds: [activity.id] })).get(activity.id);
    // Credit for an approved period is settled: an activity that would count for an opportunity
    // closed inside it (named, or attributed by date) is privileged profiles' to add. Checked on
    // where it lands, inside the transaction, so the refusal rolls the insert back.
    if (!isPrivileged(actor.profile)) {
      const landed = [input.opportunityId, attribution?.opportunityId].filter((id): id is string => Boolean(id));
      if (landed.length && (await closedInApprovedPeriod(tx, landed))) {
        throw new DomainError("forbidden", "That opportunity closed in an approved comp period; ask comp or sales ops to log this activity.");
      }
    }
    return {
      id: activity.id,
      userId: activity.userId,
      accountId: activity.accountId,
      opportunityId: activity.opportunityId,
      occurredAt: activity.occurredAt.toISOString(),
      type: activity.type,
      subject: activity.subject,
      attributedOpportunityId: attribution?.opportunityId ?? null,
    };
  });
}

async function closedInApprovedPeriod(tx: Tx, opportunityIds: string[]): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ approved: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM opportunities o JOIN comp_approvals a
        ON (o.closed_at AT TIME ZONE 'UTC')::date BETWEEN a.period_from AND a.period_to
      WHERE o.id = ANY(${opportunityIds}::uuid[]) AND o.closed_at IS NOT NULL
    ) AS approved`;
  return row.approved;
}
