import { describe, expect, it } from "vitest";
import { decodeCsv, MAX_COLUMNS, MAX_RECORD_CHARS } from "./decode.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("the CSV parser's own limits", () => {
  it("refuses a record longer than the cap (an endless quoted cell) instead of building it", async () => {
    const result = await decodeCsv(bytes(`externalId,name\nA-1,"${"x".repeat(MAX_RECORD_CHARS + 10)}\n`));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0].message).toMatch(/longer than 64 KB/);
  });

  it("refuses a row with more columns than any import has", async () => {
    const result = await decodeCsv(bytes(`externalId,name\nA-1,${",".repeat(MAX_COLUMNS + 5)}\n`));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0].message).toMatch(/at most 200 are read/);
  });

  it("still reads a wide, long but reasonable file", async () => {
    const header = Array.from({ length: 40 }, (_, i) => `c${i}`).join(",");
    const row = Array.from({ length: 40 }, () => "y".repeat(500)).join(",");
    const result = await decodeCsv(bytes(`${header}\n${row}\n${row}\n`));
    expect(result.ok).toBe(true);
  });
});
