import "server-only";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { db } from "@/lib/db/client.ts";

export type StagingTable = "import_account_rows" | "import_opportunity_rows" | "import_assignment_rows";
export type CopyValue = string | number | null;

// COPY needs a raw pg connection (Prisma's driver adapter does not expose one); a small pool of
// its own saves the connection handshake on every import.
const state = globalThis as unknown as { rosterCopyPool?: pg.Pool };
function copyPool(): pg.Pool {
  if (!state.rosterCopyPool) {
    state.rosterCopyPool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2, idleTimeoutMillis: 10_000 });
    // An idle connection dropped by the server (a restart) must not take the process down.
    state.rosterCopyPool.on("error", (error) => console.error("[roster] import COPY connection lost", error.message));
  }
  return state.rosterCopyPool;
}

function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      stream.off("error", onError);
      resolve();
    };
    const onError = (error: Error) => {
      stream.off("drain", onDrain);
      reject(error);
    };
    stream.once("drain", onDrain);
    stream.once("error", onError);
  });
}

/** Lines per write: COPY ingests big chunks far faster than one write per row. */
const CHUNK_LINES = 2_000;
const SPECIAL = /[\\\t\n\r]/;

function field(value: CopyValue): string {
  if (value === null) return "\\N";
  const text = String(value);
  return SPECIAL.test(text) ? text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : text;
}

/**
 * COPYs the rows (each prefixed with the import's id) into a staging table on a connection of its
 * own, committed when it returns: the transaction that validates and merges then reads them back
 * with a join, instead of receiving 100,000 parameters. `onChunk` reports the rows sent so far.
 */
export async function copyRows(
  importId: string,
  table: StagingTable,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
  onChunk?: (sent: number) => Promise<void> | void,
): Promise<number> {
  const client = await copyPool().connect();
  let broken = false;
  try {
    const stream = client.query(copyFrom(`COPY ${table} (import_id, ${columns.join(", ")}) FROM STDIN`));
    let failed: Error | null = null;
    stream.on("error", (error) => (failed ??= error));
    let lines: string[] = [];
    let sent = 0;
    const flush = async () => {
      if (lines.length === 0) return;
      if (failed) throw failed;
      const ok = stream.write(`${lines.join("\n")}\n`);
      sent += lines.length;
      lines = [];
      if (!ok) await drained(stream);
      await onChunk?.(sent);
    };
    for (const row of rows) {
      lines.push(`${importId}\t${row.map(field).join("\t")}`);
      if (lines.length >= CHUNK_LINES) await flush();
    }
    await flush();
    stream.end();
    await finished(stream);
    if (failed) throw failed;
    // Fresh statistics, or the planner takes the staging table for empty and joins it to
    // accounts and users with nested loops: minutes instead of seconds at 100,000 rows.
    await client.query(`ANALYZE ${table}`);
    return sent;
  } catch (error) {
    broken = true; // a connection left mid-COPY is not reusable
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Staged rows go as soon as their import is done with them, whichever way it ended. */
export async function clearStaging(importId: string): Promise<void> {
  await db.$executeRaw`DELETE FROM import_account_rows WHERE import_id = ${importId}::uuid`;
  await db.$executeRaw`DELETE FROM import_opportunity_rows WHERE import_id = ${importId}::uuid`;
  await db.$executeRaw`DELETE FROM import_assignment_rows WHERE import_id = ${importId}::uuid`;
}
