import "server-only";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { db } from "./client.ts";

let expected: string[] | undefined;
/** The migrations this build ships: the files beside it (the server runs from the checkout). */
function shippedMigrations(): string[] {
  expected ??= readdirSync(join(process.cwd(), "prisma", "migrations"))
    .filter((name) => name.endsWith(".sql"))
    .map((name) => name.replace(/\.sql$/, ""));
  return expected;
}

/**
 * Ready means this instance can do its work: the database answers, within a couple of seconds,
 * and every migration this build ships has been applied to it (an instance of a newer build
 * against an older schema must not take traffic).
 */
export async function databaseReady(timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const check = (async () => {
    const rows = await db.$queryRaw<{ name: string }[]>`SELECT name FROM roster_migrations`;
    const applied = new Set(rows.map((row) => row.name));
    return shippedMigrations().every((name) => applied.has(name));
  })().catch(() => false);
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
