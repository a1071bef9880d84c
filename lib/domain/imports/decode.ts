import "server-only";
import { type CsvError, parse } from "csv-parse";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, type RowError } from "./schemas.ts";

export type ParsedCsv = { header: string[]; rows: string[][] };
export type DecodeResult = { ok: true; csv: ParsedCsv } | { ok: false; errors: RowError[] };

const fileError = (message: string): DecodeResult => ({ ok: false, errors: [{ row: 0, message }] });

/**
 * The first byte that is not UTF-8, with its line: TextDecoder only says "invalid", and "save it
 * as CSV UTF-8, line 3 has é in Latin-1" is what someone can act on.
 */
export function firstInvalidUtf8(bytes: Uint8Array): { offset: number; line: number } | null {
  let line = 1;
  for (let i = 0; i < bytes.length; ) {
    const byte = bytes[i];
    if (byte === 0x0a) line++;
    if (byte < 0x80) {
      i++;
      continue;
    }
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return { offset: i, line };
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return { offset: i, line };
    const second = bytes[i + 1];
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((byte === 0xe0 && second < 0xa0) || (byte === 0xed && second > 0x9f) || (byte === 0xf0 && second < 0x90) || (byte === 0xf4 && second > 0x8f)) {
      return { offset: i, line };
    }
    i += length;
  }
  return null;
}

/**
 * One row of a Roster import is a handful of short cells; these caps stop a hostile or broken
 * file (one endless quoted cell, a million commas) from building huge records in memory.
 */
export const MAX_RECORD_CHARS = 64 * 1024;
export const MAX_COLUMNS = 200;

/** Characters handed to the parser at a time; between them the event loop serves other requests. */
const CHUNK = 256 * 1024;

/**
 * Bytes → header and rows. UTF-8 only (a BOM is fine), any line ending, quoted commas and line
 * breaks; blank lines are skipped. Every problem with the file as a whole is row 0. Parsing runs
 * in chunks with a pause between them: a 20 MB file must not stall the server it runs in.
 */
export async function decodeCsv(bytes: Uint8Array, onProgress?: (fraction: number) => Promise<void> | void): Promise<DecodeResult> {
  if (bytes.length > MAX_IMPORT_BYTES) {
    return fileError(`The file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files.`);
  }
  let text: string;
  try {
    // fatal: a Latin-1 or UTF-16 file must be refused, not silently turned into "�".
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const where = bad ? ` (byte 0x${bytes[bad.offset].toString(16).toUpperCase().padStart(2, "0")} on line ${bad.line})` : "";
    return fileError(`The file is not UTF-8 text${where}. Save it as "CSV UTF-8" and upload it again.`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return fileError("The file is empty.");

  const records: string[][] = [];
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_CHARS });
  let failure: CsvError | Error | null = null;
  parser.on("data", (record: string[]) => {
    if (record.length > MAX_COLUMNS) {
      failure ??= new Error(`line ${records.length + 1} has ${record.length} columns; at most ${MAX_COLUMNS} are read`);
      return;
    }
    records.push(record);
  });
  parser.on("error", (error) => (failure ??= error));
  const ended = new Promise<void>((resolve) => {
    parser.on("end", resolve);
    parser.on("error", () => resolve());
  });
  for (let start = 0; start < text.length && !failure; start += CHUNK) {
    parser.write(text.slice(start, start + CHUNK));
    if (records.length > MAX_IMPORT_ROWS + 1) break;
    await onProgress?.(start / text.length);
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (records.length > MAX_IMPORT_ROWS + 1) {
    parser.destroy();
    return fileError(`The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows; split it into smaller files.`);
  }
  if (!failure) parser.end();
  await ended;
  if (failure) {
    const error = failure as CsvError | Error;
    const detail = "code" in error && error.code === "CSV_MAX_RECORD_SIZE"
      ? `a row is longer than ${MAX_RECORD_CHARS / 1024} KB (an unclosed quote?)`
      : error.message.replace(/^Invalid \w+ (at|on) /, "").replace(/\s+/g, " ");
    return fileError(`The file is not valid CSV: ${detail || "it could not be read"}.`);
  }
  const [header = [], ...rows] = records;
  if (header.every((cell) => cell.trim() === "")) return fileError("The first line must name the columns.");
  if (rows.length === 0) return fileError("The file has a header but no rows.");
  if (rows.length > MAX_IMPORT_ROWS) {
    return fileError(`The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows; split it into smaller files.`);
  }
  return { ok: true, csv: { header: header.map((cell) => cell.trim()), rows } };
}

/** Cells past the header's width, or missing ones, are a row error rather than a silent shift. */
export function widthErrors(csv: ParsedCsv): RowError[] {
  const errors: RowError[] = [];
  csv.rows.forEach((cells, index) => {
    if (cells.length !== csv.header.length && !(cells.length > csv.header.length && cells.slice(csv.header.length).every((c) => c === ""))) {
      errors.push({ row: index + 1, message: `This row has ${cells.length} cells; the header has ${csv.header.length}.` });
    }
  });
  return errors;
}
