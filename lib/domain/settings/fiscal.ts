/**
 * The fiscal calendar: pure date arithmetic on "YYYY-MM-DD" strings (UTC), shared by the comp
 * pages (server) and the period picker (browser). A fiscal year is named for the calendar year it
 * ends in — with a February start, FY2026 runs from 2025-02-01 to 2026-01-31 — and with a January
 * start it is simply the calendar year.
 */

export const DEFAULT_FISCAL_YEAR_START_MONTH = 2;

export type PeriodKind = "year" | "quarter" | "month" | "custom";
export type FiscalPeriod = { kind: PeriodKind; key: string; label: string; from: string; to: string };

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const SHORT = MONTHS.map((month) => month.slice(0, 3));

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (date: Date) => date.toISOString().slice(0, 10);
/** The first day of the month `offset` months after (year, month), month 1-based. */
const monthStart = (year: number, month: number, offset = 0) => new Date(Date.UTC(year, month - 1 + offset, 1));
const dayBefore = (date: Date) => new Date(date.getTime() - 86_400_000);

function parts(day: string): { year: number; month: number } {
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) };
}

/** The fiscal year a day falls in. */
export function fiscalYearOf(day: string, startMonth: number): number {
  const { year, month } = parts(day);
  return startMonth === 1 || month < startMonth ? year : year + 1;
}

/** Month 1-based and year of the first month of a fiscal year. */
function fiscalStart(fiscalYear: number, startMonth: number): { year: number; month: number } {
  return { year: startMonth === 1 ? fiscalYear : fiscalYear - 1, month: startMonth };
}

function span(fiscalYear: number, startMonth: number, firstMonth: number, months: number) {
  const start = fiscalStart(fiscalYear, startMonth);
  return {
    from: iso(monthStart(start.year, start.month, firstMonth)),
    to: iso(dayBefore(monthStart(start.year, start.month, firstMonth + months))),
  };
}

const rangeLabel = (from: string, to: string) => {
  const a = parts(from);
  const b = parts(to);
  return a.year === b.year
    ? `${SHORT[a.month - 1]} – ${SHORT[b.month - 1]} ${b.year}`
    : `${SHORT[a.month - 1]} ${a.year} – ${SHORT[b.month - 1]} ${b.year}`;
};

export function fiscalYearPeriod(fiscalYear: number, startMonth: number): FiscalPeriod {
  const { from, to } = span(fiscalYear, startMonth, 0, 12);
  return { kind: "year", key: `FY${fiscalYear}`, label: `FY${fiscalYear} (${rangeLabel(from, to)})`, from, to };
}

export function fiscalQuarterPeriod(fiscalYear: number, quarter: number, startMonth: number): FiscalPeriod {
  const { from, to } = span(fiscalYear, startMonth, (quarter - 1) * 3, 3);
  return { kind: "quarter", key: `FY${fiscalYear}-Q${quarter}`, label: `FY${fiscalYear} Q${quarter} (${rangeLabel(from, to)})`, from, to };
}

/** A calendar month; which fiscal year it belongs to only matters for grouping. */
export function monthPeriod(year: number, month: number): FiscalPeriod {
  const from = iso(monthStart(year, month));
  const to = iso(dayBefore(monthStart(year, month, 1)));
  return { kind: "month", key: `${year}-${pad(month)}`, label: `${MONTHS[month - 1]} ${year}`, from, to };
}

export function customPeriod(from: string, to: string): FiscalPeriod {
  return { kind: "custom", key: "custom", label: `${from} to ${to}`, from, to };
}

/** The months of a fiscal year, in order. */
export function fiscalMonths(fiscalYear: number, startMonth: number): FiscalPeriod[] {
  const start = fiscalStart(fiscalYear, startMonth);
  return Array.from({ length: 12 }, (_, offset) => {
    const first = monthStart(start.year, start.month, offset);
    return monthPeriod(first.getUTCFullYear(), first.getUTCMonth() + 1);
  });
}

/** A period key as the URL carries it: `FY2026`, `FY2026-Q1` or `2025-03`; null when malformed. */
export function parsePeriodKey(key: string, startMonth: number): FiscalPeriod | null {
  let match = /^FY(\d{4})$/.exec(key);
  if (match) return fiscalYearPeriod(Number(match[1]), startMonth);
  match = /^FY(\d{4})-Q([1-4])$/.exec(key);
  if (match) return fiscalQuarterPeriod(Number(match[1]), Number(match[2]), startMonth);
  match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (match) return monthPeriod(Number(match[1]), Number(match[2]));
  return null;
}

/** The fiscal quarter holding a day. */
export function quarterOf(day: string, startMonth: number): FiscalPeriod {
  const fiscalYear = fiscalYearOf(day, startMonth);
  const { month } = parts(day);
  const index = (month - startMonth + 12) % 12;
  return fiscalQuarterPeriod(fiscalYear, Math.floor(index / 3) + 1, startMonth);
}

/** What the period picker offers for one fiscal year: the year, its quarters, its months. */
export function periodChoices(fiscalYear: number, startMonth: number): FiscalPeriod[] {
  return [
    fiscalYearPeriod(fiscalYear, startMonth),
    ...[1, 2, 3, 4].map((quarter) => fiscalQuarterPeriod(fiscalYear, quarter, startMonth)),
    ...fiscalMonths(fiscalYear, startMonth),
  ];
}

export const MONTH_NAMES = MONTHS;

export type PeriodSearch = { period?: string; from?: string; to?: string };

/**
 * The period a comp URL names: `period=custom&from=&to=` (checked by the caller's schema), a
 * fiscal key, or — when absent or malformed — the fiscal quarter holding `today`.
 */
export function periodFromSearch(search: PeriodSearch, startMonth: number, today: string): FiscalPeriod {
  if ((search.period === "custom" || !search.period) && search.from && search.to) return customPeriod(search.from, search.to);
  return (search.period ? parsePeriodKey(search.period, startMonth) : null) ?? quarterOf(today, startMonth);
}

/** The query string that names a period in a URL. */
export function periodQuery(period: FiscalPeriod): string {
  return period.kind === "custom"
    ? new URLSearchParams({ period: "custom", from: period.from, to: period.to }).toString()
    : new URLSearchParams({ period: period.key }).toString();
}
