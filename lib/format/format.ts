// The one place numbers, money and dates are written for people (issue 21): every screen, export
// preview and history sentence goes through these, so "$1,200", "Mar 5, 2026" and "1 was created"
// read the same everywhere. Shared by server and browser code: nothing here may import server code.

/**
 * The organisation's currency. Amounts arrive from the CRM in account currency units that the API
 * does not label (shared/API.md), so they are shown in this one currency. NEXT_PUBLIC_: read on
 * the server at run time and built into the browser's bundle (set it before `npm run build`).
 */
export const CURRENCY = process.env.NEXT_PUBLIC_ROSTER_CURRENCY || "USD";
const LOCALE = "en-US";

const count = new Intl.NumberFormat(LOCALE);
const moneyWhole = new Intl.NumberFormat(LOCALE, { style: "currency", currency: CURRENCY, minimumFractionDigits: 0, maximumFractionDigits: 0 });
const moneyCents = new Intl.NumberFormat(LOCALE, { style: "currency", currency: CURRENCY, minimumFractionDigits: 2, maximumFractionDigits: 2 });
const moneyCompact = new Intl.NumberFormat(LOCALE, { style: "currency", currency: CURRENCY, notation: "compact", maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 0 });

type Amount = number | string | null | undefined;

const hasCents = (value: number | string) => (typeof value === "number" ? !Number.isInteger(value) : /\.\d*[1-9]/.test(value));

/**
 * Money with its symbol: "$1,200" for whole amounts, "$1,200.50" when there are cents (or
 * always with `cents`, for totals that are compared to the cent). Decimal strings from SQL are
 * formatted exactly, never through a float. "—" when there is none.
 */
export function formatMoney(value: Amount, options: { cents?: boolean } = {}): string {
  if (value === null || value === undefined || value === "") return "—";
  const format = options.cents || hasCents(value) ? moneyCents : moneyWhole;
  return format.format(value as Intl.StringNumericLiteral | number);
}

/** "$1.2M", for chart axes and tight spaces. */
export const formatCompactMoney = (value: number) => moneyCompact.format(value);
export const formatCount = (value: number) => count.format(value);
export const formatPercent = (value: number | null) => (value === null ? "—" : percent.format(value));

/** "1 account", "2 accounts", "1,204 opportunities". */
export const plural = (n: number, one: string, many = `${one}s`) => `${count.format(n)} ${n === 1 ? one : many}`;
/** "1 was", "2 were": for "1 was created". */
export const wasWere = (n: number) => `${count.format(n)} ${n === 1 ? "was" : "were"}`;

// Days are calendar days (a close date, a comp period): the same everywhere, so UTC.
const day = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeZone: "UTC" });
const moments = new Map<string, Intl.DateTimeFormat>();
function momentFormat(timeZone: string): Intl.DateTimeFormat {
  let format = moments.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short", timeZone });
    moments.set(timeZone, format);
  }
  return format;
}

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value.length === 10 ? `${value}T00:00:00Z` : value));

/** "Mar 5, 2026": a "YYYY-MM-DD" day, or the (UTC) day of a timestamp. "—" when there is none. */
export const formatDate = (value: string | Date | null | undefined) => (value ? day.format(toDate(value)) : "—");

/**
 * "Mar 5, 2026, 3:04 PM" in `timeZone` with the zone's short name after it. The server renders
 * UTC; <LocalTime> (components/ui/local-time.tsx) shows the viewer's own zone in the browser.
 */
export function formatDateTime(value: string | Date | null | undefined, timeZone = "UTC"): string {
  if (!value) return "—";
  const date = toDate(value);
  let format: Intl.DateTimeFormat;
  try {
    format = momentFormat(timeZone);
  } catch {
    format = momentFormat("UTC"); // an unknown zone name: UTC rather than a broken page
    timeZone = "UTC";
  }
  const zone = timeZone === "UTC" ? "UTC" : new Intl.DateTimeFormat(LOCALE, { timeZone, timeZoneName: "short" })
    .formatToParts(date).find((part) => part.type === "timeZoneName")?.value ?? timeZone;
  return `${format.format(date)} ${zone}`;
}
