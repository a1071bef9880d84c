import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrate } from "./migrate.ts";

describe("migrations", () => {
  it("are safe when several instances start at once on one database", async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const name = `migrate_race_${process.pid}_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    try {
      const results = await Promise.all([migrate(url.toString()), migrate(url.toString()), migrate(url.toString())]);
      // Exactly one instance applied each migration; the others found nothing left to do.
      expect(results.flat().filter((migration) => migration === "0001_init")).toHaveLength(1);
      const check = new pg.Client({ connectionString: url.toString() });
      await check.connect();
      const { rows } = await check.query("SELECT count(*)::int AS n FROM account_roles WHERE built_in");
      expect(rows[0].n).toBe(5);
      await check.end();
      expect(await migrate(url.toString())).toEqual([]);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
