import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { makeAccount, makeOpportunities } from "@/lib/domain/accounts/testing.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { listChanges } from "./queries.ts";
import type { ChangeView } from "./schemas.ts";

let late: pg.Client;
let other: pg.Client;
beforeAll(async () => {
  late = new pg.Client({ connectionString: process.env.DATABASE_URL });
  other = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await Promise.all([late.connect(), other.connect()]);
});
afterAll(() => Promise.all([late.end(), other.end()]));

const insertEntry = (client: pg.Client | typeof db, entityId: string, to: string) => {
  const sql = "INSERT INTO audit_entries (source, entity_type, entity_id, field, from_value, to_value) VALUES ('api', 'user', $1, 'name', NULL, $2) RETURNING id::text";
  return client instanceof pg.Client
    ? client.query(sql, [entityId, to]).then((result) => result.rows[0].id as string)
    : db.$queryRawUnsafe<{ id: string }[]>(sql, entityId, to).then((rows) => rows[0]!.id);
};

/**
 * Pages through the feed from `cursor` until a page comes back empty. Pages are large because
 * other test files write thousands of changes meanwhile; a cursor is a position, so page size
 * does not change what is skipped (nothing).
 */
async function drain(actor: Awaited<ReturnType<typeof makeUser>> & { active: boolean }, cursor: string, mine: Set<string>) {
  const seen: ChangeView[] = [];
  for (;;) {
    const page = await listChanges(actor as never, { after: cursor, limit: 1000 });
    seen.push(...page.items.filter((item) => mine.has(item.entityId)));
    if (page.items.length === 0) return { seen, cursor };
    cursor = page.nextCursor;
  }
}

describe("the change feed", () => {
  it("serves a transaction that took its number first and committed last, exactly once, after the others", async () => {
    const admin = { ...(await makeUser("admin")), active: true };
    const start = (await listChanges(admin as never, { after: "now", limit: 100 })).nextCursor;
    const [slow, ...quick] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const mine = new Set([slow!, ...quick]);

    await late.query("BEGIN");
    const slowId = await insertEntry(late, slow!, "late");
    const quickIds: string[] = [];
    for (const entityId of quick) quickIds.push(await insertEntry(db, entityId, "quick"));
    expect(quickIds.every((id) => BigInt(id) > BigInt(slowId))).toBe(true); // the premise: numbered first

    const before = await drain(admin, start, mine);
    expect(before.seen.map((item) => item.id)).toEqual(quickIds);

    await late.query("COMMIT");
    const after = await drain(admin, before.cursor, mine);
    expect(after.seen.map((item) => item.id)).toEqual([slowId]);
    expect(after.seen[0]).toMatchObject({ type: "user.updated", entityType: "user", entityId: slow, to: "late", source: "api" });

    // Reading the whole stretch again from the start gives each once.
    const again = await drain(admin, start, mine);
    expect(again.seen.map((item) => item.id).sort()).toEqual([slowId, ...quickIds].sort());
  });

  it("keeps commit order per entity when a waiting writer had taken its transaction id first", async () => {
    const admin = { ...(await makeUser("admin")), active: true };
    const start = (await listChanges(admin as never, { after: "now", limit: 100 })).nextCursor;
    const account = await makeAccount();
    // B starts first and gets the older transaction id, writing something else.
    await other.query("BEGIN");
    await insertEntry(other, randomUUID(), "b-first");
    // A locks the account, writes its entry, and commits while B waits for the lock.
    await late.query("BEGIN");
    await late.query("SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE", [account.id]);
    await late.query("INSERT INTO audit_entries (source, entity_type, entity_id, field, to_value) VALUES ('api', 'account', $1, 'name', 'A')", [account.id]);
    const bWrites = other
      .query("SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE", [account.id])
      .then(() => other.query("INSERT INTO audit_entries (source, entity_type, entity_id, field, to_value) VALUES ('api', 'account', $1, 'name', 'B')", [account.id]))
      .then(() => other.query("COMMIT"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await late.query("COMMIT");
    await bWrites;
    const { seen } = await drain(admin, start, new Set([account.id]));
    expect(seen.map((item) => item.to)).toEqual(["A", "B"]);
    expect(seen.map((item) => item.accountId)).toEqual([account.id, account.id]);
  });

  it("names changes by the contract's types, with the account of an opportunity", async () => {
    const admin = { ...(await makeUser("admin")), active: true };
    const csm = await makeUser("csm");
    const start = (await listChanges(admin as never, { after: "now", limit: 100 })).nextCursor;
    const account = await makeAccount();
    await makeOpportunities(account.id, 2);
    await assignAccountRole(asContext(admin as never), account.id, "csm", { userId: csm.id });
    const opportunityIds = new Set((await db.opportunity.findMany({ where: { accountId: account.id } })).map((row) => row.id));
    const { seen } = await drain(admin, start, new Set([account.id, ...opportunityIds]));
    expect(seen.map((item) => item.type)).toEqual(["account.role_changed", "opportunity.csm_stamped", "opportunity.csm_stamped"]);
    expect(seen.every((item) => item.accountId === account.id)).toBe(true);
    expect(seen[0]).toMatchObject({ field: "team.csm", to: csm.id, actor: { id: admin.id } });
  });

  it("publishes an entry whose entity id is not a uuid (no account) instead of stopping at it", async () => {
    const admin = { ...(await makeUser("admin")), active: true };
    const start = (await listChanges(admin as never, { after: "now", limit: 100 })).nextCursor;
    const odd = `legacy-${randomUUID()}`;
    await db.$executeRaw`INSERT INTO audit_entries (source, entity_type, entity_id, field, to_value) VALUES ('import', 'account', ${odd}, 'name', 'x')`;
    const { seen } = await drain(admin, start, new Set([odd]));
    expect(seen).toMatchObject([{ entityId: odd, accountId: null, type: "account.updated" }]);
  });

  it("refuses profiles that are not privileged", async () => {
    const csm = { ...(await makeUser("csm")), active: true };
    await expect(listChanges(csm as never, { limit: 10 })).rejects.toMatchObject({ code: "forbidden" });
  });
});
