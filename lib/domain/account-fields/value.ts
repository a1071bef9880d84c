import type { AccountFieldView, FieldType, FieldValue } from "./schemas.ts";

/** A value as the side table stores it: exactly one typed column (see migration 0012). */
export type StoredValue = { num: string } | { text: string } | { date: string } | { bool: boolean };
export type Parsed = { ok: true; value: StoredValue | null } | { ok: false; message: string };

type Definition = Pick<AccountFieldView, "type" | "options">;

const DECIMALS: Partial<Record<FieldType, number>> = { number: 6, currency: 2 };
const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseNumber(raw: unknown, decimals: number): Parsed {
  const text = typeof raw === "number" ? (Number.isFinite(raw) ? String(raw) : "") : typeof raw === "string" ? raw.trim().replace(/,/g, "") : "";
  if (typeof raw !== "number" && typeof raw !== "string") return { ok: false, message: "Must be a number." };
  // Exponent notation (1e21) is refused: it would not survive the decimal checks below exactly.
  if (!NUMBER.test(text)) return { ok: false, message: "Must be a number." };
  const [whole, fraction = ""] = text.replace("-", "").split(".");
  if (fraction.length > decimals) return { ok: false, message: decimals === 2 ? "At most 2 decimals." : `At most ${decimals} decimals.` };
  if (whole.replace(/^0+/, "").length > 15) return { ok: false, message: "Too large." };
  return { ok: true, value: { num: text } };
}

function parseDate(raw: unknown): Parsed {
  const match = typeof raw === "string" ? DATE.exec(raw.trim()) : null;
  if (!match) return { ok: false, message: "Must be a date (YYYY-MM-DD)." };
  const date = new Date(`${match[0]}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[0]) return { ok: false, message: "No such date." };
  return { ok: true, value: { date: match[0] } };
}

const TRUE = new Set(["true", "yes", "y", "1"]);
const FALSE = new Set(["false", "no", "n", "0"]);

function parseBoolean(raw: unknown): Parsed {
  if (typeof raw === "boolean") return { ok: true, value: { bool: raw } };
  const text = typeof raw === "string" ? raw.trim().toLowerCase() : "";
  if (TRUE.has(text)) return { ok: true, value: { bool: true } };
  if (FALSE.has(text)) return { ok: true, value: { bool: false } };
  return { ok: false, message: "Must be true or false." };
}

/**
 * Checks one value against its field's type. null or "" clears the field. Text from a CSV cell
 * goes through the same function as JSON from the API, so an import and the API accept the same
 * values; a picklist value matches its option case-insensitively and is stored as the option.
 */
export function parseFieldValue(field: Definition, raw: unknown): Parsed {
  if (raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === "")) return { ok: true, value: null };
  switch (field.type) {
    case "number":
    case "currency":
      return parseNumber(raw, DECIMALS[field.type]!);
    case "date":
      return parseDate(raw);
    case "boolean":
      return parseBoolean(raw);
    case "picklist": {
      const text = typeof raw === "string" ? raw.trim().toLowerCase() : null;
      const match = text === null ? undefined : (field.options ?? []).find((candidate) => candidate.toLowerCase() === text);
      return match ? { ok: true, value: { text: match } } : { ok: false, message: `Must be one of: ${(field.options ?? []).join(", ")}.` };
    }
    case "text": {
      if (typeof raw !== "string" && typeof raw !== "number") return { ok: false, message: "Must be text." };
      const text = String(raw).trim();
      return text.length > 1000 ? { ok: false, message: "At most 1,000 characters." } : { ok: true, value: { text } };
    }
  }
}

/** The API's value for a stored row: numbers as numbers, dates as YYYY-MM-DD. */
export function outputValue(type: FieldType, row: { num: unknown; text: string | null; date: unknown; bool: boolean | null }): FieldValue {
  if (type === "number" || type === "currency") return row.num === null ? null : Number(row.num);
  if (type === "date") return row.date === null ? null : row.date instanceof Date ? row.date.toISOString().slice(0, 10) : String(row.date).slice(0, 10);
  if (type === "boolean") return row.bool;
  return row.text;
}

/** The stored value as the text the audit trail keeps (numbers without trailing zeros). */
export function auditText(value: StoredValue | null): string | null {
  if (value === null) return null;
  if ("num" in value) return normalizeNumber(value.num);
  if ("date" in value) return value.date;
  if ("bool" in value) return String(value.bool);
  return value.text;
}

export function normalizeNumber(text: string): string {
  if (!text.includes(".")) return text.replace(/^(-?)0+(?=\d)/, "$1");
  return text.replace(/^(-?)0+(?=\d)/, "$1").replace(/\.?0+$/, "");
}

/** Which typed column a field's values live in. */
export function valueColumn(type: FieldType): "num" | "text" | "date" | "bool" {
  if (type === "number" || type === "currency") return "num";
  if (type === "date") return "date";
  if (type === "boolean") return "bool";
  return "text";
}
