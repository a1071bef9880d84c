import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDate, parseHolder, parseInheritance, parseMoney, parseStage } from "./cells.ts";
import { decodeCsv, firstInvalidUtf8, widthErrors } from "./decode.ts";
import { resolveColumns } from "./mapping.ts";
import { MAX_IMPORT_ROWS } from "./schemas.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../test/fixtures/imports/${name}`, import.meta.url)));
const ROLES = [
  { key: "csm", label: "Customer Success Manager" },
  { key: "sa", label: "Solutions Architect" },
  { key: "renewal_manager", label: "Renewal Manager" },
];

describe("reading a CSV file", () => {
  it("takes a BOM, CRLF line ends, quoted commas, quotes and line breaks", async () => {
    const result = await decodeCsv(fixture("salesforce-accounts.csv"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.csv.header).toEqual(["Account ID", "Account Name", "Parent Account ID", "Segment", "Billing Country", "ARR"]);
    expect(result.csv.rows).toEqual([
      ["{tag}-P", "Globex, Inc.", "", "Enterprise", "US", "1,250,000.00"],
      ["{tag}-C", 'Globex "West"\r\nDivision', "{tag}-P", "Enterprise", "US", "$300000"],
    ]);
  });

  it("refuses bytes that are not UTF-8 and says where", async () => {
    const result = await decodeCsv(fixture("latin1.csv"));
    expect(result).toEqual({ ok: false, errors: [{ row: 0, message: expect.stringContaining("not UTF-8 text (byte 0xE9 on line 2)") }] });
    expect(firstInvalidUtf8(bytes("ok ✓ é"))).toBeNull();
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xed, 0xa0, 0x80]))).toEqual({ offset: 1, line: 1 }); // a surrogate
  });

  it("answers an empty file, a header alone, and broken quoting clearly", async () => {
    expect(await decodeCsv(bytes(""))).toMatchObject({ ok: false, errors: [{ row: 0, message: "The file is empty." }] });
    expect(await decodeCsv(bytes("\r\n\r\n"))).toMatchObject({ ok: false, errors: [{ message: "The file is empty." }] });
    expect(await decodeCsv(bytes("externalId,name\r\n"))).toMatchObject({ ok: false, errors: [{ message: "The file has a header but no rows." }] });
    const broken = await decodeCsv(bytes('externalId,name\nA,"unclosed\n'));
    expect(broken).toMatchObject({ ok: false, errors: [{ row: 0, message: expect.stringContaining("not valid CSV") }] });
  });

  it("refuses more rows than the limit", async () => {
    const text = `externalId,name\n${"x,y\n".repeat(MAX_IMPORT_ROWS + 1)}`;
    expect(await decodeCsv(bytes(text))).toMatchObject({ ok: false, errors: [{ row: 0, message: expect.stringContaining("more than 200,000 rows") }] });
  });

  it("reports rows whose width differs from the header's, but lets trailing empty cells pass", async () => {
    const result = await decodeCsv(bytes("a,b\n1,2\n1\n1,2,,\n1,2,3\n"));
    if (!result.ok) throw new Error("expected ok");
    expect(widthErrors(result.csv).map((error) => error.row)).toEqual([2, 4]);
  });
});

describe("mapping the columns", () => {
  it("recognises a Salesforce account report, case and spaces aside, and skips what it does not use", () => {
    const { columns, errors } = resolveColumns("accounts", ["Account ID", "ACCOUNT  NAME", "Parent Account ID", "Segment", "Billing Country", "arr"], ROLES);
    expect(errors).toEqual([]);
    expect(columns.map((column) => column.target)).toEqual(["externalId", "name", "parentExternalId", "segment", "", "arr"]);
  });

  it("recognises a Salesforce opportunity report", () => {
    const headers = ["Opportunity ID", "Opportunity Name", "Account ID", "Account Name", "Stage", "Amount", "Close Date"];
    expect(resolveColumns("opportunities", headers, ROLES).columns.map((column) => column.target))
      .toEqual(["externalId", "name", "accountExternalId", "", "stage", "amount", "closeDate"]);
  });

  it("reads role columns by key or by name, and an unknown role column is an error", () => {
    const ok = resolveColumns("assignments", ["Account ID", "Account Name", "Customer Success Manager", "sa", "renewal_manager_name"], ROLES);
    expect(ok.errors).toEqual([]);
    expect(ok.columns.map((column) => column.target)).toEqual(["accountId", "", "role:csm", "role:sa", ""]);
    const bad = resolveColumns("assignments", ["account_external_id", "csm", "Chief Vibes"], ROLES);
    expect(bad.errors).toEqual([expect.objectContaining({ row: 0, column: "Chief Vibes", message: expect.stringContaining('Unknown role "Chief Vibes"') })]);
  });

  it("follows an explicit mapping, by position or by header, and checks it", () => {
    const byPosition = resolveColumns("accounts", ["Key", "Label", "Notes"], ROLES, ["externalId", "name", ""]);
    expect(byPosition.errors).toEqual([]);
    const byHeader = resolveColumns("assignments", ["Key", "Owner"], ROLES, { Key: "accountExternalId", Owner: "role:csm" });
    expect(byHeader.columns.map((column) => column.target)).toEqual(["accountExternalId", "role:csm"]);
    const wrong = resolveColumns("assignments", ["Key", "Owner"], ROLES, ["accountExternalId", "role:nope"]);
    expect(wrong.errors.map((error) => error.message)).toEqual(['Unknown role "nope".', expect.stringContaining("No role columns")]);
  });

  it("names missing and doubled columns", () => {
    const missing = resolveColumns("opportunities", ["Opportunity Name", "Stage"], ROLES);
    expect(missing.errors.map((error) => error.message)).toEqual([
      expect.stringContaining("Missing column: External id"), expect.stringContaining("Missing column: Account external id"),
    ]);
    const doubled = resolveColumns("accounts", ["externalId", "Account ID", "name"], ROLES);
    expect(doubled.errors).toEqual([expect.objectContaining({ column: "Account ID", message: expect.stringContaining("both hold") })]);
  });
});

describe("reading cells", () => {
  it("reads amounts as whole cents, with separators and currency signs", () => {
    expect(parseMoney("1,250,000.5")).toEqual({ value: "1250000.50" });
    expect(parseMoney("$ 300000")).toEqual({ value: "300000.00" });
    expect(parseMoney("")).toEqual({ value: null });
    expect(parseMoney("12.345")).toHaveProperty("error");
    expect(parseMoney("-5")).toEqual({ error: expect.stringContaining("negative") });
    expect(parseMoney("1,25")).toHaveProperty("error");
  });

  it("reads ISO and US dates, and refuses days that do not exist", () => {
    expect(parseDate("2026-03-31")).toEqual({ value: "2026-03-31" });
    expect(parseDate("3/1/2026")).toEqual({ value: "2026-03-01" });
    expect(parseDate("2025-02-30")).toHaveProperty("error");
    expect(parseDate("31/12/2025")).toHaveProperty("error");
  });

  it("maps Salesforce stage names onto ours", () => {
    expect(parseStage("Closed Won")).toEqual({ value: "closed_won" });
    expect(parseStage("Negotiation/Review")).toEqual({ value: "negotiation" });
    expect(parseStage("Id. Decision Makers")).toEqual({ value: "discovery" });
    expect(parseStage("closed_lost")).toEqual({ value: "closed_lost" });
    expect(parseStage("Maybe")).toHaveProperty("error");
  });

  it("reads a holder as an email, a name, or a name with an email", () => {
    expect(parseHolder(" Ann.Lee@Example.com ")).toEqual({ value: { email: "Ann.Lee@Example.com", name: null } });
    expect(parseHolder("Ann   Lee")).toEqual({ value: { email: null, name: "Ann Lee" } });
    expect(parseHolder('"Lee, Ann" <ann@example.com>')).toEqual({ value: { email: "ann@example.com", name: "Lee, Ann" } });
    expect(parseHolder("ann@")).toHaveProperty("error");
    expect(parseInheritance("Parent")).toEqual({ value: "parent" });
    expect(parseInheritance("sometimes")).toHaveProperty("error");
  });
});
