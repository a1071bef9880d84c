import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { makeTokenUser, makeUser } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as comp from "@/app/api/v1/comp/opportunities/route.ts";
import * as compCsv from "@/app/api/v1/comp/opportunities.csv/route.ts";
import { account, activity, opportunity } from "./test-fixtures.ts";

type Item = { opportunity: { id: string }; flags: string[] };

/** March 2011: every flag, attribution through merges and by lifetime, and what falls outside. */
async function march2011() {
  const [alice, sa1, sa2, sa3] = [await makeUser("csm"), await makeUser("sa"), await makeUser("sa"), await makeUser("sa")];
  const main = await account();
  const o = {
    bare: await opportunity(main, { closedAt: "2011-03-10T12:00:00Z", amount: "10" }),
    overridden: await opportunity(main, { closedAt: "2011-03-15T12:00:00Z", csmId: alice.id, primarySaId: sa1.id, csmOverridden: true }),
    merged: await opportunity(main, { closedAt: "2011-03-20T12:00:00Z", csmId: alice.id, primarySaId: sa1.id, supporting: [sa2.id], amount: "1000.50" }),
    primaryOnly: await opportunity(main, { closedAt: "2011-03-21T12:00:00Z", csmId: alice.id, primarySaId: sa1.id }),
    lastSecond: await opportunity(main, { closedAt: "2011-03-31T23:59:59Z", csmId: alice.id, primarySaId: sa1.id }),
  };
  // A chain of duplicates folded into `merged`: work on the last one counts for `merged`.
  const duplicate = await opportunity(main, { stage: "closed_lost", closedAt: "2011-02-01T00:00:00Z", mergedIntoId: o.merged });
  const duplicateOfDuplicate = await opportunity(main, { stage: "closed_lost", closedAt: "2011-01-01T00:00:00Z", mergedIntoId: duplicate });
  await activity(sa2.id, main, "2010-12-01T00:00:00Z", duplicateOfDuplicate);
  // The primary SA's own work, and work by an SA who is not supporting, raise no flag.
  await activity(sa1.id, main, "2011-03-01T00:00:00Z", o.primaryOnly);
  await activity(sa3.id, main, "2011-03-01T00:00:00Z", o.primaryOnly);
  const outside = [
    await opportunity(main, { closedAt: "2011-03-12T00:00:00Z", mergedIntoId: o.merged }),
    await opportunity(main, { stage: "closed_lost", closedAt: "2011-03-12T00:00:00Z" }),
    await opportunity(main, { closedAt: "2011-04-01T00:00:00Z" }),
    await opportunity(main, { closedAt: "2011-02-28T23:59:59Z" }),
  ];

  // Account-only work goes to the opportunity whose lifetime holds it, the soonest-closing one.
  const during = await account();
  const lifetime = await opportunity(during, { createdAt: "2011-01-01T00:00:00Z", closedAt: "2011-03-25T00:00:00Z", csmId: alice.id, primarySaId: sa1.id, supporting: [sa2.id] });
  await opportunity(during, { stage: "closed_lost", createdAt: "2011-01-01T00:00:00Z", closedAt: "2011-03-05T00:00:00Z" });
  await activity(sa2.id, during, "2011-03-20T00:00:00Z");
  const sooner = await account();
  const notLifetime = await opportunity(sooner, { createdAt: "2011-01-01T00:00:00Z", closedAt: "2011-03-26T00:00:00Z", csmId: alice.id, primarySaId: sa1.id, supporting: [sa2.id] });
  await opportunity(sooner, { stage: "closed_lost", createdAt: "2011-01-01T00:00:00Z", closedAt: "2011-03-05T00:00:00Z" });
  await activity(sa2.id, sooner, "2011-02-01T00:00:00Z");

  return { alice, sa1, sa2, o: { ...o, lifetime, notLifetime }, outside };
}

describe("GET /comp/opportunities", () => {
  it("lists closed-won, non-merged opportunities closed in the period with their flags", async () => {
    const { alice, sa1, sa2, o, outside } = await march2011();
    const { token } = await makeTokenUser("finance");
    const response = await call(comp.GET, { token, path: "/comp/opportunities?from=2011-03-01&to=2011-03-31" });
    expect(response.status).toBe(200);
    const items = response.body.items as Item[];
    const flags = new Map(items.map((item) => [item.opportunity.id, item.flags]));
    for (const id of outside) expect(flags.has(id)).toBe(false);
    expect(flags.get(o.bare)).toEqual(["missing_csm", "missing_primary_sa"]);
    expect(flags.get(o.overridden)).toEqual(["csm_overridden"]);
    expect(flags.get(o.merged)).toEqual(["supporting_sa_activity"]);
    expect(flags.get(o.primaryOnly)).toEqual([]);
    expect(flags.get(o.lastSecond)).toEqual([]);
    expect(flags.get(o.lifetime)).toEqual(["supporting_sa_activity"]);
    expect(flags.get(o.notLifetime)).toEqual([]);

    const merged = response.body.items.find((item: Item) => item.opportunity.id === o.merged);
    expect(merged).toMatchObject({
      opportunity: { id: o.merged, externalId: null, name: expect.any(String), accountId: expect.any(String), accountName: expect.any(String) },
      csm: { id: alice.id, email: alice.email }, primarySa: { id: sa1.id }, supportingSas: [{ id: sa2.id }],
      amount: 1000.5, closedAt: "2011-03-20T12:00:00.000Z",
    });
    expect(response.body.items.find((item: Item) => item.opportunity.id === o.bare)).toMatchObject({ csm: null, primarySa: null, supportingSas: [], amount: 10 });
  });

  it("pages with limit and cursor, the same rows in the same order as the whole list", async () => {
    await march2011();
    const { token } = await makeTokenUser("finance");
    const whole = await call(comp.GET, { token, path: "/comp/opportunities?from=2011-03-01&to=2011-03-31" });
    expect(whole.body.nextCursor).toBeNull();
    const ids = (items: Item[]) => items.map((item) => item.opportunity.id);
    const paged: Item[] = [];
    let cursor: string | null = null;
    do {
      const response = await call(comp.GET, { token, path: `/comp/opportunities?from=2011-03-01&to=2011-03-31&limit=2${cursor ? `&cursor=${cursor}` : ""}` });
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(ids(paged)).toEqual(ids(whole.body.items));
    expect(paged).toEqual(whole.body.items);
    for (const bad of ["limit=0", "limit=1001", "cursor=nonsense"]) {
      const response = await call(comp.GET, { token, path: `/comp/opportunities?from=2011-03-01&to=2011-03-31&${bad}` });
      expect(response.status, bad).toBe(400);
    }
  });

  it("lets comp readers in and keeps everyone else out", async () => {
    for (const profile of ["admin", "finance", "sales_comp", "leader"] as const) {
      const { token } = await makeTokenUser(profile);
      expect((await call(comp.GET, { token, path: "/comp/opportunities?from=2011-01-01&to=2011-01-31" })).status).toBe(200);
    }
    for (const profile of ["csm", "sa", "csm_manager", "sales_ops", "integration"] as const) {
      const { token } = await makeTokenUser(profile);
      const response = await call(comp.GET, { token, path: "/comp/opportunities?from=2011-01-01&to=2011-01-31" });
      expect(response.status).toBe(403);
      expect((await call(compCsv.GET, { token, path: "/comp/opportunities.csv?from=2011-01-01&to=2011-01-31" })).status).toBe(403);
    }
  });

  it("wants a real period of at most a year", async () => {
    const { token } = await makeTokenUser("admin");
    for (const query of ["", "from=2011-01-01", "from=2011-02-01&to=2011-01-31", "from=2011-02-30&to=2011-03-01", "from=2011-01-01&to=2012-01-03", "from=01/01/2011&to=2011-02-01"]) {
      const response = await call(comp.GET, { token, path: `/comp/opportunities?${query}` });
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe("invalid_request");
    }
    expect((await call(comp.GET, { token, path: "/comp/opportunities?from=2012-01-01&to=2012-12-31" })).status).toBe(200);
  });
});

describe("GET /comp/opportunities.csv", () => {
  it("writes one spreadsheet-safe row per opportunity", async () => {
    const csm = await makeUser("csm", { name: "=HYPERLINK(\"http://evil\")" });
    const [sa, helper1, helper2] = [await makeUser("sa"), await makeUser("sa", { name: "@helper" }), await makeUser("sa", { name: "Plain Helper" })];
    const accountId = await account("-Minus Corp");
    const id = await opportunity(accountId, {
      name: "+1 Deal, big", closedAt: "2011-07-04T10:00:00Z", amount: "1234.50", csmId: csm.id, primarySaId: sa.id, supporting: [helper1.id, helper2.id],
    });
    const { token } = await makeTokenUser("sales_comp");
    const request = new Request("http://roster.test/api/v1/comp/opportunities.csv?from=2011-07-01&to=2011-07-31", {
      headers: { authorization: `Bearer ${token}` },
    });
    const response = await compCsv.GET(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = parse(await response.text()) as string[][];
    expect(rows[0]).toEqual([
      "Opportunity ID", "External ID", "Opportunity", "Account", "Amount", "Closed at",
      "CSM", "CSM email", "Primary SA", "Primary SA email", "Supporting SAs", "Flags",
    ]);
    const row = rows.find((cells) => cells[0] === id)!;
    expect(row).toEqual([
      id, "", "'+1 Deal, big", "'-Minus Corp", "1234.5", "2011-07-04T10:00:00.000Z",
      "'=HYPERLINK(\"http://evil\")", csm.email, sa.name, sa.email, expect.stringMatching(/^'@helper; Plain Helper$|^Plain Helper; @helper$/), "",
    ]);
  });
});
