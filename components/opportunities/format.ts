import type { Stage } from "@/lib/domain/opportunities/schemas.ts";
import { formatDate, formatDateTime, formatMoney } from "@/lib/format/format.ts";

/**
 * The stages in order, as in lib/domain/opportunities/schemas.ts. Repeated here because that file
 * imports the permission table (server-only) through the users schemas, so client code may only
 * take its types.
 */
export const STAGE_ORDER: readonly Stage[] = ["prospecting", "discovery", "proposal", "negotiation", "closed_won", "closed_lost"];
export const isClosed = (stage: Stage) => stage === "closed_won" || stage === "closed_lost";

export const STAGE_LABELS: Record<Stage, string> = {
  prospecting: "Prospecting", discovery: "Discovery", proposal: "Proposal", negotiation: "Negotiation",
  closed_won: "Closed won", closed_lost: "Closed lost",
};

// Money and dates through the one formatter (lib/format/format.ts); moments people act on are
// shown in their own zone by <LocalTime> (components/ui/local-time.tsx).
export const formatAmount = (amount: number | null) => formatMoney(amount);

/** A "YYYY-MM-DD" date, or an ISO timestamp shown as its (UTC) day. */
export const formatDay = (value: string | null) => formatDate(value);

export const formatMoment = (iso: string | null) => formatDateTime(iso);

export const ACTIVITY_TYPES = [
  ["meeting", "Meeting"], ["call", "Call"], ["demo", "Demo"], ["workshop", "Workshop"],
  ["poc", "Proof of concept"], ["email", "Email"], ["other", "Other"],
] as const;

/** Sort keys the server whitelists (OPPORTUNITY_SORTS); they are also the table's column ids. */
export const OPPORTUNITY_SORTABLE = ["createdAt", "closeDate", "amount", "name"] as const;
