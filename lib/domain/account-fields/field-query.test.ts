import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeAccount } from "@/lib/domain/accounts/testing.ts";
import { listAccountsForTable } from "@/lib/domain/accounts/table-query.ts";
import { accountTableQuery } from "@/lib/domain/accounts/schemas.ts";
import { parseTableParams } from "@/components/data-table/url-state.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as accountsRoute from "@/app/api/v1/accounts/route.ts";
import { makeTokenUser } from "@/test/factories.ts";
import { readFieldParams } from "./field-params.ts";

/**
 * Nine accounts under one marker, a number field with ties and gaps, a picklist and a date. Pages of
 * two must add up to exactly the order a plain sort gives: value then id, accounts without a value
 * last ascending and first descending.
 */
async function world() {
  const marker = `Fq${unique()}`;
  const num = `n_${unique()}`;
  const stage = `s_${unique()}`;
  const when = `d_${unique()}`;
  await db.accountField.createMany({ data: [
    { key: num, label: `Num ${num}`, type: "number" },
    { key: stage, label: `Stage ${stage}`, type: "picklist", options: ["onboarding", "adoption", "at risk"] },
    { key: when, label: `When ${when}`, type: "date" },
  ] });
  const values: (number | null)[] = [5, 3, null, 5, 10, null, 3, 5, -1];
  const stages = ["onboarding", "adoption", "at risk", null, "adoption", "onboarding", "at risk", "adoption", null];
  const accounts: { id: string; value: number | null; stage: string | null; date: string }[] = [];
  for (const [index, value] of values.entries()) {
    const account = await makeAccount({ name: `${marker} ${index}` });
    const date = `2027-0${1 + (index % 9)}-15`;
    await db.accountFieldValue.create({ data: { accountId: account.id, fieldKey: when, date: new Date(`${date}T00:00:00Z`) } });
    if (value !== null) await db.accountFieldValue.create({ data: { accountId: account.id, fieldKey: num, num: value } });
    if (stages[index]) await db.accountFieldValue.create({ data: { accountId: account.id, fieldKey: stage, text: stages[index]! } });
    accounts.push({ id: account.id, value, stage: stages[index], date });
  }
  return { marker, num, stage, when, accounts };
}

function expectedOrder(accounts: { id: string; value: number | null }[], desc: boolean) {
  const valued = accounts.filter((a) => a.value !== null).sort((a, b) => a.value! - b.value! || (a.id < b.id ? -1 : 1));
  const empty = accounts.filter((a) => a.value === null).sort((a, b) => (a.id < b.id ? -1 : 1));
  return desc ? [...empty.reverse(), ...valued.reverse()].map((a) => a.id) : [...valued, ...empty].map((a) => a.id);
}

describe("account-field filters and sorts", () => {
  it("pages the accounts table through URL state, exact with ties and accounts without a value", async () => {
    const { marker, num, accounts } = await world();
    const actor = { ...(await makeUser("csm")) };
    for (const desc of [false, true]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url = new URLSearchParams({ q: marker, sort: `${desc ? "-" : ""}field.${num}`, limit: "25" });
        const state = parseTableParams(url, { sortable: ["name", "arr", `field.${num}`] });
        const query = accountTableQuery.parse({
          q: state.filters.q, sort: state.sort!.key, dir: state.sort!.desc ? "desc" : "asc", limit: 2, cursor: cursor ?? undefined,
          fieldFilters: readFieldParams(Object.entries(state.filters)),
        });
        const page = await listAccountsForTable(actor, query);
        seen.push(...page.items.map((row) => row.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, desc ? "descending" : "ascending").toEqual(expectedOrder(accounts, desc));
    }
  });

  it("filters by equality, ranges and a picklist multi-select, in the table and GET /accounts alike", async () => {
    const { marker, num, stage, when, accounts } = await world();
    const actor = await makeUser("leader");
    const { token } = await makeTokenUser("leader");
    const cases: [string, (a: (typeof accounts)[number]) => boolean][] = [
      [`field.${num}=5`, (a) => a.value === 5],
      [`field.${num}.min=3&field.${num}.max=5`, (a) => a.value !== null && a.value >= 3 && a.value <= 5],
      [`field.${stage}=adoption&field.${stage}=at%20risk`, (a) => a.stage === "adoption" || a.stage === "at risk"],
      [`field.${stage}=Adoption,onboarding`, (a) => a.stage === "adoption" || a.stage === "onboarding"],
      [`field.${when}.max=2027-03-15&field.${num}.min=0`, (a) => a.date <= "2027-03-15" && a.value !== null && a.value >= 0],
    ];
    for (const [params, match] of cases) {
      const url = new URLSearchParams(`q=${marker}&${params}`);
      const state = parseTableParams(url, { sortable: ["name"] });
      const page = await listAccountsForTable(actor, accountTableQuery.parse({ q: marker, fieldFilters: readFieldParams(Object.entries(state.filters)), limit: 50 }));
      const expected = accounts.filter(match).map((a) => a.id).sort();
      expect(page.items.map((row) => row.id).sort(), params).toEqual(expected);
      expect(page.total, params).toBe(expected.length);
      const api = await call(accountsRoute.GET, { token, path: `/accounts?${url}` });
      expect(api.body.items.map((a: { id: string }) => a.id).sort(), `API ${params}`).toEqual(expected);
    }
  });

  it("pages GET /accounts sorted by a field, and refuses unknown fields and values of the wrong type", async () => {
    const { marker, num, accounts } = await world();
    const { token } = await makeTokenUser("csm");
    for (const sort of [`field.${num}`, `-field.${num}`]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const path: string = `/accounts?q=${marker}&sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ""}`;
        const page = await call(accountsRoute.GET, { token, path });
        expect(page.status, JSON.stringify(page.body)).toBe(200);
        seen.push(...page.body.items.map((a: { id: string }) => a.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen, sort).toEqual(expectedOrder(accounts, sort.startsWith("-")));
    }
    const byValue = await call(accountsRoute.GET, { token, path: `/accounts?q=${marker}&field.${num}=10` });
    expect(byValue.body.items[0].fields[num]).toBe(10);
    const unknown = await call(accountsRoute.GET, { token, path: `/accounts?field.nosuch_${unique()}=1` });
    expect(unknown.status).toBe(400);
    const wrongType = await call(accountsRoute.GET, { token, path: `/accounts?field.${num}.min=abc` });
    expect(wrongType.status).toBe(400);
    expect(Object.keys(wrongType.body.error.details.fields)).toEqual([`field.${num}.min`]);
    const badSort = await call(accountsRoute.GET, { token, path: `/accounts?sort=field.nosuch_${unique()}` });
    expect(badSort.status).toBe(400);
  });
});
