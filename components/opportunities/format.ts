import type { Stage } from "@/lib/domain/opportunities/schemas.ts";

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

const money = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
// Dates are rendered on the server and again in the browser: a fixed zone keeps them identical.
const day = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const moment = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Amounts are in the account's currency units, which Roster does not know: no symbol. */
export const formatAmount = (amount: number | null) => (amount === null ? "—" : money.format(amount));

/** A "YYYY-MM-DD" date, or an ISO timestamp shown as its (UTC) day. */
export const formatDay = (value: string | null) => (value ? day.format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value)) : "—");

export const formatMoment = (iso: string | null) => (iso ? `${moment.format(new Date(iso))} UTC` : "—");

export const ACTIVITY_TYPES = [
  ["meeting", "Meeting"], ["call", "Call"], ["demo", "Demo"], ["workshop", "Workshop"],
  ["poc", "Proof of concept"], ["email", "Email"], ["other", "Other"],
] as const;

/** Sort keys the server whitelists (OPPORTUNITY_SORTS); they are also the table's column ids. */
export const OPPORTUNITY_SORTABLE = ["createdAt", "closeDate", "amount", "name"] as const;
