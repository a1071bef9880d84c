import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeTokenUser, makeUser } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as audit from "@/app/api/v1/audit/route.ts";
import { recordAudit } from "./record-audit.ts";

async function writeEntries(entityId: string, actorId: string | null, count: number) {
  for (let i = 1; i <= count; i++) {
    await db.$transaction((tx) =>
      recordAudit(tx, { actorId, source: "api" }, [
        { entityType: "account", entityId, field: "name", from: `v${i - 1}`, to: `v${i}` },
      ]),
    );
  }
}

describe("GET /audit", () => {
  it("pages one entity's entries newest first with a cursor, showing who did it", async () => {
    const { token } = await makeTokenUser("leader");
    const writer = await makeUser("sales_ops");
    const entityId = randomUUID();
    await writeEntries(entityId, writer.id, 5);
    await writeEntries(randomUUID(), writer.id, 1);

    const first = await call(audit.GET, { token, path: `/audit?entityType=account&entityId=${entityId}&limit=2` });
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { to: string }) => item.to)).toEqual(["v5", "v4"]);
    expect(first.body.items[0]).toMatchObject({
      entityType: "account", entityId, field: "name", from: "v4", to: "v5", source: "api", batchId: null, reason: null,
      actor: { id: writer.id, email: writer.email, name: writer.name, profile: "sales_ops" },
    });
    expect(typeof first.body.items[0].id).toBe("string");
    expect(new Date(first.body.items[0].at).toISOString()).toBe(first.body.items[0].at);
    expect(first.body.nextCursor).toBe(first.body.items[1].id);

    const second = await call(audit.GET, { token, path: `/audit?entityType=account&entityId=${entityId}&limit=2&cursor=${first.body.nextCursor}` });
    expect(second.body.items.map((item: { to: string }) => item.to)).toEqual(["v3", "v2"]);
    const third = await call(audit.GET, { token, path: `/audit?entityType=account&entityId=${entityId}&limit=2&cursor=${second.body.nextCursor}` });
    expect(third.body.items.map((item: { to: string }) => item.to)).toEqual(["v1"]);
    expect(third.body.nextCursor).toBeNull();
  });

  it("shows a system change with a null actor, and lists everything newest first without filters", async () => {
    const { token } = await makeTokenUser("csm");
    const entityId = randomUUID();
    await writeEntries(entityId, null, 1);
    const page = await call(audit.GET, { token, path: "/audit?limit=200" });
    expect(page.status).toBe(200);
    const ids = page.body.items.map((item: { id: string }) => BigInt(item.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(ids);
    const mine = page.body.items.find((item: { entityId: string }) => item.entityId === entityId);
    expect(mine?.actor).toBeNull();
  });

  it("refuses an entityId without entityType, a bad cursor and an unknown type with 400", async () => {
    const { token } = await makeTokenUser("sa");
    for (const path of ["/audit?entityId=abc", "/audit?entityType=account&cursor=abc", "/audit?entityType=planet"]) {
      const response = await call(audit.GET, { token, path });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("invalid_request");
    }
    expect((await call(audit.GET, { path: "/audit" })).status).toBe(401);
  });
});

describe("audit_entries in the database", () => {
  // Each statement runs in a transaction that is rolled back whatever happens, so even a broken
  // trigger could not damage the shared test database.
  async function attempt(sql: string) {
    return db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(sql);
      throw new Error(`went through: ${sql}`);
    });
  }

  it("rejects UPDATE, DELETE and TRUNCATE", async () => {
    const entityId = randomUUID();
    await writeEntries(entityId, null, 1);
    await expect(attempt(`UPDATE audit_entries SET field = 'x' WHERE entity_id = '${entityId}'`)).rejects.toThrow(/append-only/);
    await expect(attempt(`DELETE FROM audit_entries WHERE entity_id = '${entityId}'`)).rejects.toThrow(/append-only/);
    await expect(attempt("TRUNCATE audit_entries")).rejects.toThrow(/append-only/);
    expect(await db.auditEntry.count({ where: { entityId } })).toBe(1);
  });
});
