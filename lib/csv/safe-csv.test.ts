import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvLine, csvResponse, csvText, safeCell } from "./safe-csv.ts";

describe("safeCell", () => {
  it.each(["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd",
    " =1+1", "   @SUM(A1)", "\u00a0+1", "\u3000=1", "＝HYPERLINK(\"http://x\")", "＋1", "－2", "＠SUM(A1)", " ＝1", "\n=1"])(
    "prefixes text that a spreadsheet would run as a formula: %j",
    (text) => {
      expect(safeCell(text)).toBe(`'${text}`);
    },
  );

  it("leaves ordinary text, numbers and empties alone", () => {
    expect(safeCell("Acme = good")).toBe("Acme = good");
    expect(safeCell("a-b")).toBe("a-b");
    expect(safeCell(" Acme")).toBe(" Acme");
    expect(safeCell("Acme ＝ good")).toBe("Acme ＝ good");
    expect(safeCell(-12.5)).toBe(-12.5);
    expect(safeCell(1234.5)).toBe(1234.5);
    expect(safeCell(null)).toBe("");
    expect(safeCell(undefined)).toBe("");
    expect(safeCell(new Date("2026-01-02T03:04:05.000Z"))).toBe("2026-01-02T03:04:05.000Z");
  });
});

describe("csvLine", () => {
  it("writes numbers plain and quotes what needs quoting", () => {
    expect(csvLine(["Acme, Inc.", 1200.5, -3, "say \"hi\""])).toBe('"Acme, Inc.",1200.5,-3,"say ""hi"""\r\n');
  });

  it("round-trips through a CSV parser with the formula guard kept", () => {
    const text = csvText(["name", "amount"], [["=cmd|' /C calc'!A0", 10], ["\r\n=evil", 20], ["plain", 30]]);
    const rows = parse(text) as string[][];
    expect(rows).toEqual([
      ["name", "amount"],
      ["'=cmd|' /C calc'!A0", "10"],
      ["'\r\n=evil", "20"],
      ["plain", "30"],
    ]);
  });
});

describe("csvResponse", () => {
  it("streams the header then every row as text/csv", async () => {
    async function* rows() {
      for (let i = 0; i < 1200; i++) yield [`row ${i}`, i];
    }
    const response = csvResponse(["name", "n"], rows(), { filename: "rows.csv" });
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toContain('filename="rows.csv"');
    const parsed = parse(await response.text()) as string[][];
    expect(parsed).toHaveLength(1201);
    expect(parsed[0]).toEqual(["name", "n"]);
    expect(parsed[1200]).toEqual(["row 1199", "1199"]);
  });

  it("starts with a UTF-8 byte order mark when asked, for Excel", async () => {
    const response = csvResponse(["name"], [["Zoë"]], { filename: "x.csv", bom: true });
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain("Zoë");
  });
});
