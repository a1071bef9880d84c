import { describe, expect, it } from "vitest";
import {
  fiscalMonths, fiscalQuarterPeriod, fiscalYearOf, fiscalYearPeriod, parsePeriodKey, periodChoices, quarterOf,
} from "./fiscal.ts";
import { fiscalYearStartInput } from "./schemas.ts";

describe("the fiscal calendar", () => {
  it("names a fiscal year for the calendar year it ends in", () => {
    expect(fiscalYearPeriod(2026, 2)).toMatchObject({ key: "FY2026", from: "2025-02-01", to: "2026-01-31" });
    expect(fiscalYearPeriod(2026, 1)).toMatchObject({ from: "2026-01-01", to: "2026-12-31" });
    expect(fiscalYearPeriod(2026, 7)).toMatchObject({ from: "2025-07-01", to: "2026-06-30" });
    expect(fiscalYearOf("2025-01-31", 2)).toBe(2025);
    expect(fiscalYearOf("2025-02-01", 2)).toBe(2026);
    expect(fiscalYearOf("2025-12-31", 1)).toBe(2025);
  });

  it("cuts quarters from the start month, across a calendar year and a leap day", () => {
    expect(fiscalQuarterPeriod(2026, 1, 2)).toMatchObject({ key: "FY2026-Q1", from: "2025-02-01", to: "2025-04-30" });
    expect(fiscalQuarterPeriod(2026, 4, 2)).toMatchObject({ from: "2025-11-01", to: "2026-01-31" });
    expect(fiscalQuarterPeriod(2024, 1, 12)).toMatchObject({ from: "2023-12-01", to: "2024-02-29" });
    expect(quarterOf("2025-12-15", 2)).toMatchObject({ key: "FY2026-Q4" });
    expect(quarterOf("2025-02-01", 2)).toMatchObject({ key: "FY2026-Q1" });
    expect(quarterOf("2025-06-30", 1)).toMatchObject({ key: "FY2025-Q2" });
  });

  it("lists a year's months in fiscal order and offers year, quarters and months", () => {
    expect(fiscalMonths(2026, 2).map((month) => month.key)).toEqual([
      "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01",
    ]);
    expect(periodChoices(2026, 2)).toHaveLength(17);
    expect(fiscalMonths(2026, 2)[0]).toMatchObject({ label: "February 2025", from: "2025-02-01", to: "2025-02-28" });
  });

  it("reads the keys the URL carries and refuses anything else", () => {
    expect(parsePeriodKey("FY2026-Q3", 2)).toMatchObject({ kind: "quarter", from: "2025-08-01", to: "2025-10-31" });
    expect(parsePeriodKey("FY2026", 2)).toMatchObject({ kind: "year" });
    expect(parsePeriodKey("2024-02", 2)).toMatchObject({ kind: "month", from: "2024-02-01", to: "2024-02-29" });
    for (const bad of ["FY2026-Q5", "2024-13", "FY26", "", "2024-2", "x"]) expect(parsePeriodKey(bad, 2)).toBeNull();
  });

  it("takes a month from 1 to 12 as the start", () => {
    expect(fiscalYearStartInput.safeParse({ month: "7" }).success).toBe(true);
    for (const month of [0, 13, 1.5, "x"]) expect(fiscalYearStartInput.safeParse({ month }).success).toBe(false);
  });
});

describe("a period in the URL", () => {
  it("is a custom range, a fiscal key, or else the current quarter", async () => {
    const { periodFromSearch, periodQuery } = await import("./fiscal.ts");
    expect(periodFromSearch({ period: "custom", from: "2025-01-05", to: "2025-02-01" }, 2, "2025-06-01"))
      .toMatchObject({ kind: "custom", from: "2025-01-05", to: "2025-02-01" });
    expect(periodFromSearch({ period: "FY2025-Q2" }, 2, "2025-06-01")).toMatchObject({ from: "2024-05-01", to: "2024-07-31" });
    expect(periodFromSearch({ period: "nonsense" }, 2, "2025-06-01")).toMatchObject({ key: "FY2026-Q2" });
    expect(periodFromSearch({}, 2, "2025-06-01")).toMatchObject({ key: "FY2026-Q2" });
    expect(periodQuery(periodFromSearch({ period: "custom", from: "2025-01-05", to: "2025-02-01" }, 2, "x"))).toBe("period=custom&from=2025-01-05&to=2025-02-01");
    expect(periodQuery(periodFromSearch({ period: "2025-03" }, 2, "x"))).toBe("period=2025-03");
  });
});
