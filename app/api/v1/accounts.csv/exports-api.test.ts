import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { setHolder, setPending } from "@/lib/domain/accounts/testing.ts";
import { exportAccounts } from "@/lib/domain/exports/export-accounts.ts";
import { exportOpportunities } from "@/lib/domain/exports/export-opportunities.ts";
import { accountExportQuery, opportunityExportQuery } from "@/lib/domain/exports/schemas.ts";
import { makeTokenUser, makeUser, unique } from "@/test/factories.ts";
import * as opportunitiesCsv from "../opportunities.csv/route.ts";
import * as accountsCsv from "./route.ts";

async function download(handler: typeof accountsCsv.GET, token: string | undefined, path: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const response = await handler(new Request(`http://roster.test/api/v1${path}`, { headers }), { params: Promise.resolve({}) });
  return { response, text: await response.text() };
}

async function collect(rows: AsyncIterable<unknown[]>) {
  const all: unknown[][] = [];
  for await (const row of rows) all.push(row);
  return all;
}

describe("GET /accounts.csv and /opportunities.csv", () => {
  it("export the filtered accounts with their team, spreadsheet-safe, numbers as numbers", async () => {
    const { token } = await makeTokenUser("leader");
    const csm = await makeUser("csm");
    const segment = `Seg ${unique()}`;
    const parent = await db.account.create({ data: { name: "=HYPERLINK(\"http://evil\")", externalId: `X-${unique()}`, segment, arr: "1250000.50" } });
    const child = await db.account.create({ data: { name: "Child", segment, parentId: parent.id } });
    await db.account.create({ data: { name: "Elsewhere", segment: `${segment}-other` } });
    await setHolder(parent.id, "csm", csm.id);
    await setPending(child.id, "sa", "later@test.roster", "Lee Later");

    const { response, text } = await download(accountsCsv.GET, token, `/accounts.csv?segment=${encodeURIComponent(segment)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(2);
    const byName = Object.fromEntries(records.map((record) => [record.id, record]));
    expect(byName[parent.id]).toMatchObject({
      name: "'=HYPERLINK(\"http://evil\")", external_id: parent.externalId, arr: "1250000.5", csm: csm.email, csm_name: csm.name, segment,
    });
    expect(byName[child.id]).toMatchObject({ parent_external_id: parent.externalId, sa: "later@test.roster", sa_name: "Lee Later (pending)", csm: "" });
    // In name order, as the table lists them ("=" sorts before "C").
    expect(records.map((record) => record.id)).toEqual([parent.id, child.id]);
    expect((await download(accountsCsv.GET, undefined, "/accounts.csv")).response.status).toBe(401);
  });

  it("reads every row in keyset batches", async () => {
    const admin = await makeUser("admin");
    const region = `Reg ${unique()}`;
    await db.account.createMany({ data: Array.from({ length: 7 }, (_, i) => ({ name: `Batch ${i}`, region })) });
    const { rows } = await exportAccounts(admin, accountExportQuery.parse({ region }), { batchSize: 3 });
    expect((await collect(rows)).map((row) => row[2])).toEqual(["Batch 0", "Batch 1", "Batch 2", "Batch 3", "Batch 4", "Batch 5", "Batch 6"]);

    const account = await db.account.create({ data: { name: `Opps ${unique()}` } });
    await db.opportunity.createMany({ data: Array.from({ length: 5 }, (_, i) => ({ accountId: account.id, name: `Deal ${i}`, amount: "100.00" })) });
    const opps = await exportOpportunities(admin, opportunityExportQuery.parse({ accountId: account.id }), { batchSize: 2 });
    expect(await collect(opps.rows)).toHaveLength(5);
  });

  it("export the filtered opportunities with CSM and SAs", async () => {
    const { token } = await makeTokenUser("csm");
    const csm = await makeUser("csm");
    const sa = await makeUser("sa");
    const helper = await makeUser("sa");
    const account = await db.account.create({ data: { name: `Acme ${unique()}`, externalId: `A-${unique()}` } });
    const won = await db.opportunity.create({
      data: { accountId: account.id, name: "+1 upsell", stage: "closed_won", closedAt: new Date(), amount: "48000.00", closeDate: new Date("2026-03-31T00:00:00Z"), csmId: csm.id, primarySaId: sa.id },
    });
    await db.opportunitySupportingSa.create({ data: { opportunityId: won.id, userId: helper.id } });
    await db.opportunity.create({ data: { accountId: account.id, name: "Open one" } });

    const { text } = await download(opportunitiesCsv.GET, token, `/opportunities.csv?accountId=${account.id}&open=false`);
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toEqual([expect.objectContaining({
      id: won.id, name: "'+1 upsell", account_external_id: account.externalId, stage: "closed_won", is_closed: "true", amount: "48000",
      close_date: "2026-03-31", csm: csm.email, primary_sa: sa.email, supporting_sas: helper.email, csm_overridden: "false",
    })]);
  });
});
