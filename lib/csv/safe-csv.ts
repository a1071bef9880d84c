import { stringify } from "csv-stringify/sync";

/**
 * A spreadsheet runs a text cell starting with one of these as a formula (CSV injection), so such
 * cells are written with a leading apostrophe, which spreadsheets show as "this is text". Excel
 * and LibreOffice skip leading blanks before the sign, and read the full-width forms (＝＋－＠,
 * what a Japanese or Chinese keyboard types) as the ASCII ones, so those count too.
 */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;

export type CsvValue = string | number | bigint | boolean | Date | null | undefined;

/** One cell, safe to open in a spreadsheet: numbers stay numbers, risky text gets a `'`. */
export function safeCell(value: CsvValue): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? value : "";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString();
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV record (with its line ending), every cell made safe; quoting is csv-stringify's. */
export function csvLine(cells: readonly CsvValue[]): string {
  return stringify([cells.map(safeCell)], { record_delimiter: "\r\n" });
}

/** A whole CSV document in memory, for small exports and tests. */
export function csvText(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let text = csvLine(header);
  for (const row of rows) text += csvLine(row);
  return text;
}

/**
 * A streamed `text/csv` response: rows are written as they are produced, so an export of every
 * account never sits in memory at once.
 */
export function csvResponse(
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]> | AsyncIterable<readonly CsvValue[]>,
  { filename, bom = false }: { filename: string; /** A UTF-8 byte order mark, so Excel reads accents right. */ bom?: boolean },
): Response {
  const encoder = new TextEncoder();
  const iterator = (Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : toAsync(rows));
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${bom ? "\uFEFF" : ""}${csvLine(header)}`));
        return;
      }
      // Batch a few hundred rows per chunk: one chunk per row is needlessly chatty.
      let chunk = "";
      for (let i = 0; i < 500; i++) {
        const next = await iterator.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += csvLine(next.value);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}

async function* toAsync<T>(rows: Iterable<T>): AsyncGenerator<T> {
  yield* rows;
}
