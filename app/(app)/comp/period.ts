import "server-only";
import type { PeriodGroup } from "@/components/comp/period-picker.tsx";
import { compPeriodInput } from "@/lib/domain/comp/schemas.ts";
import { fiscalYearOf, fiscalYearPeriod, type FiscalPeriod, periodChoices, periodFromSearch, quarterOf } from "@/lib/domain/settings/fiscal.ts";
import { fiscalYearStartMonth } from "@/lib/domain/settings/queries.ts";

type Search = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const today = () => new Date().toISOString().slice(0, 10);

/**
 * The comp pages' period from the URL, with the picker's choices: the current and two previous
 * fiscal years. Custom dates the period schema refuses fall back to the current quarter, and the
 * reasons go back to the picker.
 */
export async function periodFromUrl(search: Search): Promise<{
  period: FiscalPeriod; groups: PeriodGroup[]; startMonth: number;
  /** The refused custom dates and why, for the picker. */
  refused?: { period: FiscalPeriod; error: { from?: string; to?: string } };
}> {
  const startMonth = await fiscalYearStartMonth();
  const now = today();
  let period = periodFromSearch({ period: first(search.period), from: first(search.from), to: first(search.to) }, startMonth, now);
  let refused: { period: FiscalPeriod; error: { from?: string; to?: string } } | undefined;
  if (period.kind === "custom") {
    const parsed = compPeriodInput.safeParse({ from: period.from, to: period.to });
    if (!parsed.success) {
      refused = { period, error: Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])) };
      period = quarterOf(now, startMonth);
    }
  }
  return { period, groups: yearGroups(fiscalYearOf(now, startMonth), startMonth, period), startMonth, refused };
}

function yearGroups(currentYear: number, startMonth: number, period: FiscalPeriod): PeriodGroup[] {
  const years = [currentYear, currentYear - 1, currentYear - 2];
  const groups = years.map((year) => ({
    label: `FY${year}`,
    choices: periodChoices(year, startMonth).map(({ key, label }) => ({ key, label })),
  }));
  // A period from elsewhere in the URL (an older year) stays choosable.
  if (period.kind !== "custom" && !groups.some((group) => group.choices.some((choice) => choice.key === period.key))) {
    groups.push({ label: "Chosen", choices: [{ key: period.key, label: period.label }] });
  }
  return groups;
}

/** Fiscal years for the standings page, newest first. */
export async function fiscalYearsFromUrl(search: Search): Promise<{ year: number; years: number[]; period: FiscalPeriod; startMonth: number }> {
  const startMonth = await fiscalYearStartMonth();
  const current = fiscalYearOf(today(), startMonth);
  const asked = Number(first(search.fy));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= current + 1 ? asked : current;
  const years = [current, current - 1, current - 2, current - 3];
  if (!years.includes(year)) years.push(year);
  return { year, years, period: fiscalYearPeriod(year, startMonth), startMonth };
}
