import "server-only";
import type { Stage } from "@/lib/domain/opportunities/schemas.ts";

/**
 * Reading one cell. These are syntax checks, done in JavaScript while the rows are encoded for
 * COPY (no round trip per row); everything that needs the database is checked afterwards in SQL.
 * Each returns the value in the form the staging column takes, or an error message.
 */
export type Cell<T> = { value: T } | { error: string };

/** "1234.5", "1,234.50", "$1,234", "€ 12" → "1234.50"; numeric(18,2) allows 16 digits before the point. */
export function parseMoney(raw: string): Cell<string | null> {
  const text = raw.trim().replace(/^[$€£¥]\s*/, "").replace(/\s*(USD|EUR|GBP)$/i, "");
  if (text === "") return { value: null };
  const plain = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, "") : text;
  const match = /^(\d{1,16})(?:\.(\d{1,2}))?$/.exec(plain);
  if (!match) {
    if (/^-/.test(plain)) return { error: `Cannot be negative: "${raw.trim()}".` };
    return { error: `Not an amount: "${raw.trim()}" (use digits and at most 2 decimals, e.g. 12500.00).` };
  }
  return { value: `${match[1]}.${(match[2] ?? "").padEnd(2, "0")}` };
}

const isRealDate = (year: number, month: number, day: number) => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** ISO dates, and the M/D/YYYY a US Salesforce report writes. */
export function parseDate(raw: string): Cell<string | null> {
  const text = raw.trim();
  if (text === "") return { value: null };
  let parts: [number, number, number] | null = null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (us) parts = [Number(us[3]), Number(us[1]), Number(us[2])];
  if (!parts || parts[0] < 1900 || parts[0] > 2999 || !isRealDate(...parts)) {
    return { error: `Not a date: "${text}" (use YYYY-MM-DD, e.g. 2025-03-31).` };
  }
  const [year, month, day] = parts;
  return { value: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` };
}

/** Our stage keys, their labels, and Salesforce's standard sales process stages. */
const STAGE_NAMES: Record<string, Stage> = {
  prospecting: "prospecting", qualification: "prospecting", qualify: "prospecting", lead: "prospecting",
  discovery: "discovery", needsanalysis: "discovery", valueproposition: "discovery", iddecisionmakers: "discovery",
  perceptionanalysis: "discovery", develop: "discovery",
  proposal: "proposal", proposalpricequote: "proposal", propose: "proposal", quote: "proposal",
  negotiation: "negotiation", negotiationreview: "negotiation", negotiate: "negotiation", contracting: "negotiation",
  closedwon: "closed_won", won: "closed_won", closedlost: "closed_lost", lost: "closed_lost",
};

export function parseStage(raw: string): Cell<Stage | null> {
  const text = raw.trim();
  if (text === "") return { value: null };
  const stage = STAGE_NAMES[text.toLowerCase().replace(/[^a-z]/g, "")];
  return stage
    ? { value: stage }
    : { error: `Unknown stage "${text}": use prospecting, discovery, proposal, negotiation, closed_won or closed_lost (or the Salesforce names, such as "Closed Won").` };
}

export function parseInheritance(raw: string): Cell<"none" | "parent" | null> {
  const text = raw.trim().toLowerCase();
  if (text === "") return { value: null };
  if (["parent", "true", "yes", "y", "1", "inherit"].includes(text)) return { value: "parent" };
  if (["none", "false", "no", "n", "0"].includes(text)) return { value: "none" };
  return { error: `"${raw.trim()}" is not a CSM inheritance: use none or parent.` };
}

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/**
 * A holder cell: an email, a full name, or "Full Name <email>" (an email with the name to show
 * while the assignment waits for that person to exist).
 */
export function parseHolder(raw: string): Cell<{ email: string | null; name: string | null }> {
  const text = raw.trim().replace(/\s+/g, " ");
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(text);
  const email = named ? named[2].trim() : text.includes("@") ? text : null;
  const name = named ? named[1].replace(/^"|"$/g, "").trim() || null : email ? null : text;
  if (email !== null && !EMAIL.test(email)) return { error: `Not an email address: "${email}".` };
  if (email && email.length > 320) return { error: "The email address is too long." };
  if (name && name.length > 200) return { error: "The name is too long." };
  return { value: { email, name } };
}

/** Plain text cells: trimmed, empty as null, with a length limit. */
export function parseText(raw: string, max: number, what: string): Cell<string | null> {
  const text = raw.trim();
  if (text === "") return { value: null };
  if (text.length > max) return { error: `${what} is longer than ${max} characters.` };
  return { value: text };
}
