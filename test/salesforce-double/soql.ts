/**
 * Just enough SOQL for the queries the connector makes:
 *   SELECT f1, f2 FROM Object [WHERE cond [AND cond]...] [ORDER BY f [ASC|DESC], ...] [LIMIT n]
 * where a condition is `Field op literal` (op one of = != > >= < <=) or `Field IN (literal, ...)`, and a
 * literal is a quoted string, a number, true/false/null, or a dateTime (2024-05-01T12:00:00.000Z /
 * +0000). Anything else is a MALFORMED_QUERY, as Salesforce would answer for what it cannot parse.
 */
export type Literal = string | number | boolean | null;
export type Condition = { field: string; op: "=" | "!=" | ">" | ">=" | "<" | "<=" | "IN"; value: Literal | Literal[] };
export type Soql = { fields: string[]; object: string; where: Condition[]; orderBy: { field: string; desc: boolean }[]; limit: number | null };

export class SoqlError extends Error {}

const TOKEN = /\s*('(?:[^'\\]|\\.)*'|\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})|>=|<=|!=|[(),=<>]|[A-Za-z_][\w.]*|-?\d+(?:\.\d+)?)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let index = 0;
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) break;
    TOKEN.lastIndex = index;
    const match = TOKEN.exec(text);
    if (!match) throw new SoqlError(`unexpected token at ${index}: ${text.slice(index, index + 20)}`);
    tokens.push(match[1]!);
    index = TOKEN.lastIndex;
  }
  return tokens;
}

function literal(token: string | undefined): Literal {
  if (token === undefined) throw new SoqlError("a value is missing");
  if (token.startsWith("'")) return token.slice(1, -1).replace(/\\(.)/g, "$1");
  if (/^(true|false)$/i.test(token)) return token.toLowerCase() === "true";
  if (/^null$/i.test(token)) return null;
  if (/^\d{4}-\d{2}-\d{2}T/.test(token)) return new Date(token.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")).toISOString();
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  throw new SoqlError(`not a value: ${token}`);
}

export function parseSoql(text: string): Soql {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at]?.toUpperCase();
  const next = () => tokens[at++];
  const expect = (word: string) => {
    if (peek() !== word) throw new SoqlError(`expected ${word} near "${tokens[at] ?? "end"}"`);
    at++;
  };
  expect("SELECT");
  const fields: string[] = [];
  do fields.push(next()!);
  while (peek() === "," && next());
  expect("FROM");
  const object = next();
  if (!object) throw new SoqlError("no object");
  const where: Condition[] = [];
  if (peek() === "WHERE") {
    at++;
    do {
      const field = next()!;
      const op = next()?.toUpperCase();
      if (op === "IN") {
        expect("(");
        const values: Literal[] = [];
        do values.push(literal(next()));
        while (peek() === "," && next());
        expect(")");
        where.push({ field, op: "IN", value: values });
      } else if (op && ["=", "!=", ">", ">=", "<", "<="].includes(op)) {
        where.push({ field, op: op as Condition["op"], value: literal(next()) });
      } else {
        throw new SoqlError(`unexpected operator ${op}`);
      }
    } while (peek() === "AND" && next());
  }
  const orderBy: Soql["orderBy"] = [];
  if (peek() === "ORDER") {
    at++;
    expect("BY");
    do {
      const field = next()!;
      let desc = false;
      if (peek() === "ASC" || peek() === "DESC") desc = next()!.toUpperCase() === "DESC";
      orderBy.push({ field, desc });
    } while (peek() === "," && next());
  }
  let limit: number | null = null;
  if (peek() === "LIMIT") {
    at++;
    limit = Number(next());
  }
  if (at !== tokens.length) throw new SoqlError(`unexpected "${tokens[at]}"`);
  return { fields, object, where, orderBy, limit };
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;
/** Salesforce writes dateTimes as 2024-05-01T12:00:00.000+0000; SOQL literals may use Z. */
export const toMs = (value: string) => Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));

function compare(a: unknown, b: unknown): number {
  if (typeof a === "string" && typeof b === "string" && DATE_TIME.test(a) && DATE_TIME.test(b)) {
    // Same layout (the double's own stamps): the text orders as the time does.
    if (a.length === b.length && a.slice(-5) === b.slice(-5)) return a < b ? -1 : a > b ? 1 : 0;
    return Math.sign(toMs(a) - toMs(b));
  }
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return (a as string | number) < (b as string | number) ? -1 : 1;
}

/** Whether a record matches every condition (dateTimes compare as ISO strings, which order correctly). */
export function matches(record: Record<string, unknown>, where: Condition[]): boolean {
  return where.every(({ field, op, value }) => {
    const actual = record[field] ?? null;
    switch (op) {
      case "IN": return (value as Literal[]).some((candidate) => typeof actual === "string" && typeof candidate === "string"
        ? actual.toLowerCase() === candidate.toLowerCase() : actual === candidate);
      case "=": return typeof actual === "string" && typeof value === "string" ? actual.toLowerCase() === value.toLowerCase() : actual === value;
      case "!=": return actual !== value;
      case ">": return compare(actual, value) > 0;
      case ">=": return compare(actual, value) >= 0;
      case "<": return compare(actual, value) < 0;
      case "<=": return compare(actual, value) <= 0;
    }
  });
}

export function sortRecords<T extends Record<string, unknown>>(records: T[], orderBy: Soql["orderBy"]): T[] {
  if (orderBy.length === 0) return records;
  return records.sort((a, b) => {
    for (const { field, desc } of orderBy) {
      const order = compare(a[field], b[field]);
      if (order !== 0) return desc ? -order : order;
    }
    return 0;
  });
}
