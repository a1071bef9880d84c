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

  it("shows comp approvals and credit-fix reasons only to those who may read comp, and credentials only to admins", async () => {
    const fixer = await makeUser("finance");
    const opportunityId = randomUUID();
    const period = `2011-01-01..${randomUUID()}`;
    const userId = randomUUID();
    await db.$transaction(async (tx) => {
      // What fix-credit.ts and approve-comp-period.ts write, and a reasoned change of a batch.
      await recordAudit(tx, { actorId: fixer.id, source: "ui", reason: "Deal desk: Dana sourced it" }, [
        { entityType: "opportunity", entityId: opportunityId, field: "csm", from: null, to: fixer.id },
      ]);
      await recordAudit(tx, { actorId: fixer.id, source: "ui", reason: "3 opportunities, total 10.00" }, [
        { entityType: "comp_period", entityId: period, field: "approved", from: null, to: randomUUID() },
      ]);
      await recordAudit(tx, { actorId: fixer.id, source: "ui", batchId: randomUUID(), reason: "Book transfer" }, [
        { entityType: "opportunity", entityId: opportunityId, field: "primary_sa", from: null, to: fixer.id },
      ]);
      await recordAudit(tx, { actorId: fixer.id, source: "api" }, [
        { entityType: "user", entityId: userId, field: "api_token", from: null, to: "rst_abcd" },
        { entityType: "user", entityId: userId, field: "name", from: "A", to: "B" },
      ]);
    });
    const read = async (profile: "csm" | "sa" | "leader" | "finance" | "admin", path: string) => {
      const { token } = await makeTokenUser(profile);
      const response = await call(audit.GET, { token, path });
      expect(response.status).toBe(200);
      return response.body.items as { field: string; reason: string | null }[];
    };
    for (const profile of ["csm", "sa"] as const) {
      const onOpportunity = await read(profile, `/audit?entityType=opportunity&entityId=${opportunityId}`);
      expect(onOpportunity.map((item) => [item.field, item.reason])).toEqual([["primary_sa", "Book transfer"], ["csm", null]]);
      expect(await read(profile, `/audit?entityType=comp_period&entityId=${period}`)).toEqual([]);
      expect((await read(profile, `/audit?entityType=user&entityId=${userId}`)).map((item) => item.field)).toEqual(["name"]);
    }
    for (const profile of ["leader", "finance"] as const) {
      const onOpportunity = await read(profile, `/audit?entityType=opportunity&entityId=${opportunityId}`);
      expect(onOpportunity.map((item) => item.reason)).toEqual(["Book transfer", "Deal desk: Dana sourced it"]);
      expect((await read(profile, `/audit?entityType=comp_period&entityId=${period}`)).map((item) => item.field)).toEqual(["approved"]);
    }
    expect((await read("admin", `/audit?entityType=user&entityId=${userId}`)).map((item) => item.field).sort()).toEqual(["api_token", "name"]);
    // Unfiltered, a rep's page holds no comp period either.
    expect((await read("csm", "/audit?limit=200")).some((item) => item.field === "approved")).toBe(false);
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
