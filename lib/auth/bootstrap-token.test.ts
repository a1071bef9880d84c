import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate.ts";
import { bootstrapTokenProblem, sha256, syncBootstrapToken } from "./bootstrap-token.ts";

// Bootstrap tokens are global to a database (a sync revokes every other one), so these tests run
// on a database of their own instead of the shared one other tests' bootstrap tokens live in.
let admin: pg.Client;
let client: pg.Client;
const name = `roster_bootstrap_${process.pid}_${Date.now()}`;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin?.end();
});

const query = (sql: string, params: unknown[]) => client.query(sql, params);
/** One start of an instance with this environment. */
const start = (token?: string) => syncBootstrapToken(query, { ROSTER_ADMIN_TOKEN: token, ROSTER_ADMIN_EMAIL: "root@bootstrap.test" });
const strong = (tag: string) => `${tag}-${"x".repeat(40)}-${crypto.randomUUID()}`;

async function usable(token: string): Promise<boolean> {
  const { rows } = await client.query(
    "SELECT 1 FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())",
    [sha256(token)],
  );
  return rows.length === 1;
}

describe("ROSTER_ADMIN_TOKEN", () => {
  it("refuses tokens shorter than 32 characters (and the README's old change-me) with a clear message", async () => {
    expect(bootstrapTokenProblem("change-me")).toMatch(/at least 32 characters/);
    expect(bootstrapTokenProblem("e2e-bootstrap-token-0123456789")).toMatch(/it has 30/);
    expect(bootstrapTokenProblem("x".repeat(32))).toBeNull();
    expect(bootstrapTokenProblem(undefined)).toBeNull();
    await expect(start("change-me")).rejects.toThrow(/ROSTER_ADMIN_TOKEN must be at least 32 characters/);
    const { rows } = await client.query("SELECT count(*)::int AS n FROM api_tokens");
    expect(rows[0].n).toBe(0);
  });

  it("revokes the old token when the variable changes or disappears, and a revocation survives restarts", async () => {
    const first = strong("first");
    const second = strong("second");
    expect((await start(first)).userId).toEqual(expect.any(String));
    expect(await usable(first)).toBe(true);
    await start(first); // a restart with the same token changes nothing
    expect(await usable(first)).toBe(true);

    expect((await start(second)).revoked).toBe(1); // rotated
    expect(await usable(first)).toBe(false);
    expect(await usable(second)).toBe(true);

    await start(undefined); // removed
    expect(await usable(second)).toBe(false);
    await start(second); // put back: still revoked
    expect(await usable(second)).toBe(false);
    await start(first);
    expect(await usable(first)).toBe(false);

    // Revoked by an admin, then restarted with the same variable: stays revoked.
    const third = strong("third");
    await start(third);
    await client.query("UPDATE api_tokens SET revoked_at = now() WHERE token_hash = $1", [sha256(third)]);
    await start(third);
    expect(await usable(third)).toBe(false);
  });

  it("never stores a character of the secret in clear", async () => {
    const token = strong("clear");
    await start(token);
    const { rows } = await client.query("SELECT prefix, name, token_hash FROM api_tokens WHERE token_hash = $1", [sha256(token)]);
    expect(rows[0].prefix).toBe(`sha256:${sha256(token).slice(0, 8)}`);
    expect(rows[0].prefix).not.toContain(token.slice(0, 5));
    expect(JSON.stringify(rows[0])).not.toContain(token.slice(0, 5));
  });
});
