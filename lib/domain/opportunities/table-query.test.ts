import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { opportunityTableQuery } from "./schemas.ts";
import { listOpportunitiesForTable } from "./table-query.ts";
import { insertOpportunity, makeAccountWithTeam } from "./testing.ts";

type Seed = { id: string; name: string; amount: number | null; closeDate: string | null; createdAt: Date };

async function seed() {
  const csm = await makeUser("csm");
  const sa = await makeUser("sa");
  const account = await makeAccountWithTeam();
  const tag = unique();
  const specs: [number | null, string | null][] = [
    [null, "2030-01-01"], [10, null], [20, "2030-01-01"], [20, "2029-05-01"], [null, null], [5, "2031-01-01"], [30, "2029-01-01"],
  ];
  const rows: Seed[] = [];
  for (const [index, [amount, closeDate]] of specs.entries()) {
    const row = await db.opportunity.create({
      data: {
        accountId: account.id, name: `${tag} deal ${String.fromCharCode(103 - index)}`, amount,
        closeDate: closeDate ? new Date(`${closeDate}T00:00:00Z`) : null,
        // Whole distinct milliseconds, so the expected order computed here in JS is exact.
        createdAt: new Date(Date.now() - ((index * 7) % 5) * 1000 - index), csmId: csm.id, primarySaId: index === 0 ? sa.id : null,
      },
      select: { id: true, name: true, createdAt: true },
    });
    rows.push({ ...row, amount, closeDate });
  }
  return { account, csm, sa, rows, tag };
}

const actorOf = async () => makeUser("leader");

/** Walks every page and returns the ids in the order served. */
async function walk(params: Record<string, string>) {
  const actor = await actorOf();
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const page = await listOpportunitiesForTable(actor, opportunityTableQuery.parse({ ...params, limit: "2", cursor }));
    ids.push(...page.items.map((item) => item.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("too many pages");
}

/** The order the btree gives: values ascending then nulls, or exactly the reverse. */
function expected(rows: Seed[], key: (row: Seed) => string | number | null, dir: "asc" | "desc") {
  const sorted = [...rows].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    if (x !== null && y !== null && x !== y) return x < y ? -1 : 1;
    return a.id < b.id ? -1 : 1;
  });
  return (dir === "asc" ? sorted : sorted.reverse()).map((row) => row.id);
}

describe("the opportunities table", () => {
  it("pages through every whitelisted sort in both directions, nulls included, without gaps or repeats", async () => {
    const { account, rows } = await seed();
    const keys = {
      amount: (row: Seed) => row.amount,
      closeDate: (row: Seed) => row.closeDate,
      name: (row: Seed) => row.name,
      createdAt: (row: Seed) => row.createdAt.getTime(),
    };
    for (const [sort, key] of Object.entries(keys)) {
      for (const dir of ["asc", "desc"] as const) {
        expect(await walk({ accountId: account.id, sort, dir }), `${sort} ${dir}`).toEqual(expected(rows, key, dir));
      }
    }
  });

  it("filters, searches and joins the names a row shows", async () => {
    const { account, csm, sa, rows, tag } = await seed();
    const actor = await actorOf();
    const page = await listOpportunitiesForTable(actor, opportunityTableQuery.parse({ q: `${tag} deal g`, sort: "name", dir: "asc" }));
    expect(page.items).toEqual([
      expect.objectContaining({
        id: rows[0].id, account: { id: account.id, name: account.name }, csm: { id: csm.id, name: csm.name },
        primarySa: { id: sa.id, name: sa.name }, supportingSaCount: 0, amount: null, closeDate: "2030-01-01",
      }),
    ]);
    const ranged = await listOpportunitiesForTable(actor, opportunityTableQuery.parse({
      accountId: account.id, amountMin: "10", amountMax: "20", closeFrom: "2029-01-01", closeTo: "2030-12-31", sort: "amount", dir: "asc",
    }));
    expect(ranged.items.map((item) => item.amount)).toEqual([20, 20]);
    expect(opportunityTableQuery.safeParse({ sort: "csm_id; DROP TABLE users" }).success).toBe(false);
    await expect(
      listOpportunitiesForTable(actor, opportunityTableQuery.parse({ sort: "amount", cursor: Buffer.from('["1e9;", "x"]').toString("base64url") })),
    ).rejects.toMatchObject({ code: "invalid_request" });
  });
});

describe("the supporting SA filter", () => {
  /** Three opportunities the SA supports (one alongside another SA), and three near misses. */
  async function seedSupport() {
    const sa = await makeUser("sa");
    const other = await makeUser("sa");
    const account = await makeAccountWithTeam();
    const tag = unique();
    const make = (name: string, amount: number | null, primarySaId: string | null = null, stage: "prospecting" | "closed_won" = "prospecting") =>
      insertOpportunity({ accountId: account.id, name: `${tag} ${name}`, primarySaId, stage }).then(async (row) => {
        await db.opportunity.update({ where: { id: row.id }, data: { amount } });
        return { ...row, amount };
      });
    const supported = [await make("a", 30), await make("b", null), await make("c", 10, null, "closed_won")];
    const shared = supported[0];
    const primaryOnly = await make("primary only", 20, sa.id);
    const otherOnly = await make("other only", 40);
    await make("nobody", 50);
    await db.opportunitySupportingSa.createMany({
      data: [
        ...supported.map((row) => ({ opportunityId: row.id, userId: sa.id })),
        { opportunityId: shared.id, userId: other.id },
        { opportunityId: otherOnly.id, userId: other.id },
      ],
    });
    return { sa, other, supported, primaryOnly, otherOnly, tag };
  }

  it("lists exactly the opportunities the user supports, each once, not those where they are primary", async () => {
    const { sa, supported } = await seedSupport();
    const ids = supported.map((row) => row.id).sort();
    const sortedById = (list: string[]) => [...list].sort();
    expect(sortedById(await walk({ supportingSaId: sa.id }))).toEqual(ids);
    const page = await listOpportunitiesForTable(await actorOf(), opportunityTableQuery.parse({ supportingSaId: sa.id, sort: "name", dir: "asc" }));
    expect(page.items.map((item) => [item.id, item.supportingSaCount])).toEqual([[supported[0].id, 2], [supported[1].id, 1], [supported[2].id, 1]]);
    // With the workload's "open" the closed one drops out.
    expect(sortedById(await walk({ supportingSaId: sa.id, open: "true" }))).toEqual(sortedById([supported[0].id, supported[1].id]));
  });

  it("pages through them in every sort without gaps or repeats, nulls included", async () => {
    const { sa, supported } = await seedSupport();
    const amountAsc = [supported[2], supported[0], supported[1]].map((row) => row.id);
    expect(await walk({ supportingSaId: sa.id, sort: "amount", dir: "asc" })).toEqual(amountAsc);
    expect(await walk({ supportingSaId: sa.id, sort: "amount", dir: "desc" })).toEqual([...amountAsc].reverse());
    expect(await walk({ supportingSaId: sa.id, sort: "name", dir: "desc" })).toEqual(supported.map((row) => row.id).reverse());
  });

  it("combines with the other filters and rejects an id that is not one", async () => {
    const { sa, other, supported, otherOnly, tag } = await seedSupport();
    expect(await walk({ supportingSaId: other.id, sort: "name", dir: "asc" })).toEqual([supported[0].id, otherOnly.id]);
    expect(await walk({ supportingSaId: other.id, primarySaId: sa.id })).toEqual([]);
    expect(await walk({ supportingSaId: sa.id, q: `${tag} b`, sort: "name", dir: "asc" })).toEqual([supported[1].id]);
    expect(opportunityTableQuery.safeParse({ supportingSaId: "x' OR 1=1" }).success).toBe(false);
  });
});

describe("the account segment and region filters", () => {
  it("narrow the list to opportunities whose account is in the segment and region, in pages", async () => {
    const tag = unique();
    const make = async (segment: string, region: string) => {
      const account = await db.account.create({ data: { name: `Seg ${tag}`, segment: `${segment}-${tag}`, region: `${region}-${tag}` }, select: { id: true } });
      const rows = await Promise.all([1, 2, 3].map((n) =>
        db.opportunity.create({ data: { accountId: account.id, name: `${tag} ${segment} ${region} ${n}` }, select: { id: true } })));
      return rows.map((row) => row.id);
    };
    const smbEmea = await make("SMB", "EMEA");
    const smbAmer = await make("SMB", "AMER");
    await make("Ent", "EMEA");
    const ids = async (params: Record<string, string>) => (await walk({ q: tag, ...params })).sort();

    expect(await ids({ segment: `SMB-${tag}` })).toEqual([...smbEmea, ...smbAmer].sort());
    expect(await ids({ segment: `SMB-${tag}`, region: `EMEA-${tag}` })).toEqual([...smbEmea].sort());
    expect(await ids({ region: `Nowhere-${tag}` })).toEqual([]);
  });
});
