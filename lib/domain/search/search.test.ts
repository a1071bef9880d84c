import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { makeAccount } from "@/lib/domain/accounts/testing.ts";
import { searchQuery } from "./schemas.ts";
import { search } from "./search.ts";

const find = (actor: Parameters<typeof search>[0], q: string, limit = 5) => search(actor, searchQuery.parse({ q, limit }));

async function makeOpportunity(accountId: string, name: string, externalId: string | null = null) {
  const [row] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO opportunities (account_id, name, external_id) VALUES (${accountId}::uuid, ${name}, ${externalId}) RETURNING id::text`;
  return row.id;
}

describe("the command palette's search", () => {
  it("finds accounts by the start of their name whatever the case, then by a word inside it, then stops at the limit", async () => {
    const viewer = await makeUser("csm");
    const tag = unique();
    const starts = await makeAccount({ name: `Zq${tag} Harbor Logistics` });
    const inside = await makeAccount({ name: `Blue Zq${tag} Freight` });
    await makeAccount({ name: `Unrelated ${unique()}` });

    const found = await find(viewer, `zQ${tag}`);
    expect(found.accounts.map((hit) => hit.id)).toEqual([starts.id, inside.id]);
    expect(found.accounts[0]).toEqual({ id: starts.id, name: starts.name, externalId: null, segment: null, region: null });
    expect((await find(viewer, `zq${tag}`, 1)).accounts.map((hit) => hit.id)).toEqual([starts.id]);
  });

  it("puts an exact CRM id first, for accounts and opportunities alike", async () => {
    const viewer = await makeUser("sa");
    const tag = unique();
    const crmId = `001${tag}AAA`;
    const account = await makeAccount({ name: `Crm ${tag}` });
    await db.account.update({ where: { id: account.id }, data: { externalId: crmId } });
    const opportunity = await makeOpportunity(account.id, `Crm ${tag} — Renewal`, `006${tag}BBB`);

    expect((await find(viewer, crmId)).accounts).toEqual([{ id: account.id, name: account.name, externalId: crmId, segment: null, region: null }]);
    const byOpportunityId = await find(viewer, `006${tag}BBB`);
    expect(byOpportunityId.opportunities).toEqual([{
      id: opportunity, name: `Crm ${tag} — Renewal`, externalId: `006${tag}BBB`, accountName: account.name, stage: "prospecting", merged: false,
    }]);
    // A CRM id is matched exactly: a piece of one finds nothing.
    expect((await find(viewer, crmId.slice(0, -1))).accounts).toEqual([]);
  });

  it("finds opportunities by any word of their name, with their account", async () => {
    const viewer = await makeUser("leader");
    const tag = unique();
    const account = await makeAccount({ name: `Opp host ${tag}` });
    const renewal = await makeOpportunity(account.id, `Host ${tag} — Renewal Qx${tag}`);
    const found = await find(viewer, `renewal qx${tag}`);
    expect(found.opportunities.map((hit) => [hit.id, hit.accountName])).toEqual([[renewal, account.name]]);
  });

  it("finds a word inside names both within the first rows read and beyond them, each once", async () => {
    const viewer = await makeUser("csm");
    const tag = unique();
    const early = await makeAccount({ name: `Blue Wq${tag} Early` });
    // More rows than the slice the palette reads before it asks the trigram index.
    await db.$executeRaw`INSERT INTO accounts (name) SELECT 'Filler ' || ${tag} || ' ' || n FROM generate_series(1, 5001) n`;
    const late = await makeAccount({ name: `Red Wq${tag} Late` });
    try {
      const found = await find(viewer, `wq${tag}`);
      expect(found.accounts.map((hit) => hit.id).sort()).toEqual([early.id, late.id].sort());
      expect((await find(viewer, `wq${tag}`, 1)).accounts).toHaveLength(1);
    } finally {
      await db.$executeRaw`DELETE FROM accounts WHERE name LIKE ${`Filler ${tag} %`}`;
    }
  });

  it("takes a name's wildcards literally", async () => {
    const viewer = await makeUser("csm");
    const tag = unique();
    const percent = await makeAccount({ name: `Pct ${tag} 100% Foods` });
    await makeAccount({ name: `Pct ${tag} 1000 Foods` });
    expect((await find(viewer, `${tag} 100%`)).accounts.map((hit) => hit.id)).toEqual([percent.id]);
    expect((await find(viewer, `${tag}_`)).accounts).toEqual([]);
  });

  it("finds people by name or email, active ones first, inactive ones marked", async () => {
    const viewer = await makeUser("csm");
    const tag = unique();
    const gone = await makeUser("csm", { name: `Aa Person ${tag}`, active: false });
    const here = await makeUser("sa", { name: `Zz Person ${tag}` });
    const found = await find(viewer, `person ${tag}`);
    expect(found.people.map((hit) => [hit.id, hit.active])).toEqual([[here.id, true], [gone.id, false]]);
    expect((await find(viewer, here.email.toUpperCase())).people.map((hit) => hit.id)).toEqual([here.id]);
  });

  it("refuses an empty query", () => {
    expect(searchQuery.safeParse({ q: "   " }).success).toBe(false);
  });

  it("reads a name prefix through the (lower(name) COLLATE \"C\", id) index in order: no sort of every match", async () => {
    for (const [table, index] of [["accounts", "accounts_name_lower_prefix_idx"], ["opportunities", "opportunities_name_lower_prefix_idx"]]) {
      const plan = await db.$transaction(async (tx) => {
        // The test database is small, so a sequential scan would win; what is checked is that the index can serve the query.
        await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
        await tx.$executeRawUnsafe("SET LOCAL enable_bitmapscan = off");
        const rows = await tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
          `EXPLAIN SELECT id FROM ${table} x WHERE lower(x.name) COLLATE "C" LIKE 'acme%' ORDER BY lower(x.name) COLLATE "C", x.id LIMIT 5`);
        return rows.map((row) => row["QUERY PLAN"]).join("\n");
      });
      expect(plan).toContain(index);
      expect(plan).not.toMatch(/\bSort\b/);
    }
  });
});
