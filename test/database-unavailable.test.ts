import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as usersRoute from "@/app/api/v1/users/route.ts";
import * as readyz from "@/app/readyz/route.ts";
import { disconnectDb } from "@/lib/db/client.ts";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "@/lib/db/embedded.ts";
import { migrate } from "@/lib/db/migrate.ts";
import { makeTokenUser } from "@/test/factories.ts";

/**
 * The database goes away and comes back. This file runs its own PostgreSQL (the suite's shared one
 * must keep serving the other files running beside it) and points this process's client at it.
 */
let database: EmbeddedDatabase;
let dir: string;
let token: string;

const listUsers = () =>
  usersRoute.GET(new Request("http://roster.test/api/v1/users", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "roster-outage-pg-"));
  database = await startEmbeddedPostgres(dir, "roster", { throwaway: true, sharedBuffers: "32MB" });
  await migrate(database.url);
  await disconnectDb();
  process.env.DATABASE_URL = database.url;
  ({ token } = await makeTokenUser("admin"));
});

afterAll(async () => {
  await disconnectDb();
  await database?.stop().catch(() => {});
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("when the database cannot be reached", () => {
  it("the API answers 503 unavailable with Retry-After and no driver text, and 200 within a second of its return", async () => {
    expect((await listUsers()).status).toBe(200);

    await database.stop();
    for (let i = 0; i < 3; i++) {
      const response = await listUsers();
      const text = await response.text();
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(JSON.parse(text)).toEqual({
        error: { code: "unavailable", message: "Roster can't reach its database; try again shortly." },
      });
      expect(text).not.toMatch(/ECONN|127\.0\.0\.1|postgres|connect|terminat|P10\d\d/i);
    }
    const notReady = await readyz.GET(new Request("http://roster.test/readyz"));
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: "unavailable" });

    await database.start();
    const back = performance.now();
    let status = 0;
    while (status !== 200 && performance.now() - back < 5_000) {
      status = (await listUsers()).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const recoveryMs = Math.round(performance.now() - back);
    console.log(`[database-unavailable] API answered 200 ${recoveryMs} ms after PostgreSQL was back`);
    expect(status).toBe(200);
    expect(recoveryMs).toBeLessThan(1_000);
    expect((await readyz.GET(new Request("http://roster.test/readyz"))).status).toBe(200);
  });
});
