import "server-only";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { mix32, type Rng } from "./random.ts";

// A chunk carries a few hundred kilobytes (well over 1000 rows of most tables); the headroom
// lets the row that crosses the mark finish in place.
const CHUNK = 256 * 1024;
const HEADROOM = 16 * 1024;
const SIZE = CHUNK + HEADROOM;
const SPECIAL = /[\\\t\n\r]/;
const DAY = 86_400_000;
const HEX = new TextEncoder().encode(Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0")).join(""));
const BASE62 = new TextEncoder().encode("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

/** Free text escaped for COPY's text format. */
export function escapeText(value: string): string {
  return SPECIAL.test(value) ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : value;
}

/**
 * Encodes rows in COPY's text format straight into buffers: no string per row, no join, no
 * toISOString, which is what lets millions of rows be generated faster than PostgreSQL ingests
 * them. Every field method appends the field and a tab; `end` turns the last tab into a newline.
 * Full chunks wait in `chunks` for a COPY to send them.
 */
export class RowWriter {
  rows = 0;
  readonly chunks: Buffer[] = [];
  private readonly spare: Buffer[] = [];
  private buf: Buffer = Buffer.allocUnsafe(SIZE);
  private pos = 0;
  private readonly days: string[] = [];

  /** A string known to hold no tab, newline or backslash (ids, enum values, our word lists). */
  plain(value: string): this {
    const b = this.buf;
    let p = this.pos;
    // Byte by byte while ASCII: far cheaper than Buffer#write's argument handling for short fields.
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 128) {
        p += b.write(value.slice(i), p);
        break;
      }
      b[p++] = code;
    }
    b[p++] = 9;
    this.pos = p;
    return this;
  }

  /** A v4-shaped uuid from four random words, written without making a string. */
  uuid(a: number, b: number, c: number, d: number): this {
    const buf = this.buf;
    let p = this.pos;
    p = hex(buf, p, a, 4);
    buf[p++] = 45;
    p = hex(buf, p, (b >>> 16) & 0xffff, 2);
    buf[p++] = 45;
    p = hex(buf, p, (b & 0x0fff) | 0x4000, 2);
    buf[p++] = 45;
    p = hex(buf, p, ((c >>> 16) & 0x3fff) | 0x8000, 2);
    buf[p++] = 45;
    p = hex(buf, p, c & 0xffff, 2);
    p = hex(buf, p, d, 4);
    buf[p++] = 9;
    this.pos = p;
    return this;
  }

  /**
   * The uuid numbered `index` in the family `key`: a pure function of both, so a row can name
   * another (an activity its opportunity, a merge its target) without keeping its id around.
   */
  idOf(key: number, index: number): this {
    const base = (key + index * 4) | 0;
    return this.uuid(mix32(base), mix32(base + 1), mix32(base + 2), mix32(base + 3));
  }

  /** An 18-character CRM id: a fixed prefix, then `index` in base62, then random base62. */
  crmId(prefix: Uint8Array, index: number, width: number, rng: Rng, tail: number): this {
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < prefix.length; i++) buf[p++] = prefix[i];
    for (let i = width - 1, n = index; i >= 0; i--, n = Math.floor(n / 62)) buf[p + i] = BASE62[n % 62];
    p += width;
    for (let i = 0; i < tail; i++) buf[p++] = BASE62[rng.u32() % 62];
    buf[p++] = 9;
    this.pos = p;
    return this;
  }

  /** Pre-encoded bytes followed by an ASCII `rest`, as one field: an opportunity's account-name prefix and its label. */
  prefixed(prefix: Uint8Array, rest: string): this {
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < prefix.length; i++) b[p++] = prefix[i];
    this.pos = p;
    return this.plain(rest);
  }

  /** Free text, escaped as COPY requires. */
  text(value: string | null): this {
    if (value === null) return this.nul();
    return this.plain(escapeText(value));
  }

  nul(): this {
    this.buf[this.pos++] = 92; // \N
    this.buf[this.pos++] = 78;
    this.buf[this.pos++] = 9;
    return this;
  }

  maybe(value: string | null | undefined): this {
    return value == null ? this.nul() : this.plain(value);
  }

  bool(value: boolean): this {
    this.buf[this.pos++] = value ? 116 : 102;
    this.buf[this.pos++] = 9;
    return this;
  }

  int(value: number): this {
    return this.plain(String(value));
  }

  /** Non-negative integer cents as a decimal with two places. */
  money(cents: number): this {
    const buf = this.buf;
    let units = Math.floor(cents / 100);
    const rest = cents - units * 100;
    let digits = 1;
    for (let n = units; n >= 10; n = Math.floor(n / 10)) digits++;
    let p = this.pos + digits;
    for (let i = 1; i <= digits; i++, units = Math.floor(units / 10)) buf[p - i] = 48 + (units % 10);
    buf[p++] = 46;
    buf[p++] = 48 + Math.floor(rest / 10);
    buf[p++] = 48 + (rest % 10);
    buf[p++] = 9;
    this.pos = p;
    return this;
  }

  /** A date (the UTC day of `ms`). */
  date(ms: number): this {
    return this.plain(this.day(Math.floor(ms / DAY)));
  }

  /** A UTC timestamp, to the second. */
  timestamp(ms: number): this {
    const dayNumber = Math.floor(ms / DAY);
    this.plain(this.day(dayNumber));
    this.pos--; // the date and the time are one field
    let seconds = Math.floor((ms - dayNumber * DAY) / 1000);
    const b = this.buf;
    let p = this.pos;
    const h = Math.floor(seconds / 3600);
    seconds -= h * 3600;
    const m = Math.floor(seconds / 60);
    seconds -= m * 60;
    b[p++] = 32;
    b[p++] = 48 + Math.floor(h / 10);
    b[p++] = 48 + (h % 10);
    b[p++] = 58;
    b[p++] = 48 + Math.floor(m / 10);
    b[p++] = 48 + (m % 10);
    b[p++] = 58;
    b[p++] = 48 + Math.floor(seconds / 10);
    b[p++] = 48 + (seconds % 10);
    b[p++] = 43; // +00
    b[p++] = 48;
    b[p++] = 48;
    b[p++] = 9;
    this.pos = p;
    return this;
  }

  maybeTimestamp(ms: number | null): this {
    return ms === null ? this.nul() : this.timestamp(ms);
  }

  end(): void {
    this.buf[this.pos - 1] = 10;
    this.rows++;
    if (this.pos >= CHUNK) this.seal();
  }

  /** Moves the rows written so far into `chunks`. */
  seal(): void {
    if (this.pos === 0) return;
    this.chunks.push(this.buf.subarray(0, this.pos));
    this.buf = this.spare.pop() ?? Buffer.allocUnsafe(SIZE);
    this.pos = 0;
  }

  /** Takes back a chunk the socket is done with, so a long COPY reuses a handful of buffers. */
  recycle(chunk: Buffer): void {
    if (chunk.buffer.byteLength === SIZE && this.spare.length < 4) this.spare.push(Buffer.from(chunk.buffer, 0, SIZE));
  }

  private day(dayNumber: number): string {
    return (this.days[dayNumber] ??= new Date(dayNumber * DAY).toISOString().slice(0, 10));
  }
}

/**
 * One COPY … FROM STDIN fed from a RowWriter. `send` waits for the socket to drain, so a
 * generator that awaits it runs exactly as fast as PostgreSQL ingests and memory stays flat.
 */
export class Copy {
  private error: Error | null = null;

  private constructor(private readonly stream: Writable) {
    stream.on("error", (error) => (this.error ??= error));
  }

  static open(client: pg.Client, table: string, columns: readonly string[]): Copy {
    return new Copy(client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`)));
  }

  async send(rows: RowWriter): Promise<void> {
    for (const chunk of rows.chunks.splice(0)) {
      if (this.error) throw this.error;
      if (this.stream.write(chunk)) continue;
      await once(this.stream, "drain");
      // Drained: the socket has handed this chunk to the kernel.
      rows.recycle(chunk);
    }
  }

  async close(rows: RowWriter): Promise<number> {
    rows.seal();
    await this.send(rows);
    this.stream.end();
    await finished(this.stream);
    if (this.error) throw this.error;
    return rows.rows;
  }
}

/** COPYs rows that were generated earlier (a connection runs one COPY at a time). */
export function copyRows(client: pg.Client, table: string, columns: readonly string[], rows: RowWriter): Promise<number> {
  return Copy.open(client, table, columns).close(rows);
}

/** Writes `bytes` bytes of `n` (big-endian) as lowercase hex. */
function hex(buf: Buffer, p: number, n: number, bytes: number): number {
  for (let shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    const i = ((n >>> shift) & 255) * 2;
    buf[p++] = HEX[i];
    buf[p++] = HEX[i + 1];
  }
  return p;
}
