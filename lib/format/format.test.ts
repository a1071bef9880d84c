import { describe, expect, it } from "vitest";
import { formatCompactMoney, formatDate, formatDateTime, formatMoney, plural, wasWere } from "./format.ts";

describe("the one formatter", () => {
  it("writes money with its symbol, cents only when there are some, decimal strings exactly", () => {
    expect(formatMoney(1200000)).toBe("$1,200,000");
    expect(formatMoney("72500.50")).toBe("$72,500.50");
    expect(formatMoney("72500.00")).toBe("$72,500");
    expect(formatMoney(12.5, { cents: true })).toBe("$12.50");
    expect(formatMoney("12345678901234.99")).toBe("$12,345,678,901,234.99");
    expect(formatMoney(null)).toBe("—");
    expect(formatCompactMoney(1_250_000)).toBe("$1.3M");
  });

  it("writes one date format, days in UTC so a close date never moves", () => {
    expect(formatDate("2026-03-05")).toBe("Mar 5, 2026");
    expect(formatDate("2026-03-05T23:30:00Z")).toBe("Mar 5, 2026");
    expect(formatDate(null)).toBe("—");
  });

  it("writes moments in the viewer's zone, named", () => {
    expect(formatDateTime("2026-03-05T15:04:00Z")).toBe("Mar 5, 2026, 3:04 PM UTC");
    expect(formatDateTime("2026-03-05T15:04:00Z", "Asia/Tokyo")).toBe("Mar 6, 2026, 12:04 AM GMT+9");
    expect(formatDateTime("2026-07-05T15:04:00Z", "America/New_York")).toBe("Jul 5, 2026, 11:04 AM EDT");
    expect(formatDateTime("2026-03-05T15:04:00Z", "Not/AZone")).toBe("Mar 5, 2026, 3:04 PM UTC");
  });

  it("gets plurals right", () => {
    expect(plural(1, "account")).toBe("1 account");
    expect(plural(1204, "opportunity", "opportunities")).toBe("1,204 opportunities");
    expect(plural(0, "account")).toBe("0 accounts");
    expect(wasWere(1)).toBe("1 was");
    expect(wasWere(3)).toBe("3 were");
  });
});
