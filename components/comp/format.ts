import type { CompFlag } from "@/lib/domain/comp/schemas.ts";

// Totals arrive as decimal strings from SQL; Intl formats those exactly (no float on the way).
const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
// Rendered on the server and again in the browser: a fixed zone keeps them identical.
const day = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const moment = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Amounts are in the deal's currency units, which Roster does not know: no symbol. */
export const formatMoney = (value: string | number | null) =>
  value === null ? "—" : money.format(value as Intl.StringNumericLiteral | number);
export const formatCompactMoney = (value: number) => compact.format(value);
export const formatCount = (value: number) => whole.format(value);
export const formatDay = (value: string) => day.format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value));
export const formatMoment = (iso: string) => `${moment.format(new Date(iso))} UTC`;

export const FLAG_LABELS: Record<CompFlag, string> = {
  missing_csm: "Missing CSM",
  missing_primary_sa: "Missing primary SA",
  supporting_sa_activity: "Supporting SA activity — possible dispute",
  csm_overridden: "CSM overridden",
};
export const FLAG_TONES: Record<CompFlag, "danger" | "warn" | "brand"> = {
  missing_csm: "danger",
  missing_primary_sa: "danger",
  supporting_sa_activity: "warn",
  csm_overridden: "brand",
};
