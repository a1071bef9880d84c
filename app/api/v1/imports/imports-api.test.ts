import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client.ts";
import { MAX_IMPORT_BYTES } from "@/lib/domain/imports/schemas.ts";
import { startWorker, stopWorker } from "@/lib/jobs/worker.ts";
import { makeTokenUser, unique } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as applyRoute from "./[id]/apply/route.ts";
import * as importRoute from "./[id]/route.ts";
import * as importsRoute from "./route.ts";

async function finished(token: string, id: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await call(importRoute.GET, { token, params: { id } });
    if (response.body.status === "succeeded" || response.body.status === "failed") return response;
    if (Date.now() > deadline) throw new Error(`import ${id} did not finish: ${JSON.stringify(response.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function multipart(path: string, token: string, file: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("file", new Blob([file], { type: "text/csv" }), "accounts.csv");
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return importsRoute.POST(
    new Request(`http://roster.test/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form }),
    { params: Promise.resolve({}) },
  );
}

describe("POST /imports, GET /imports/{id}", () => {
  beforeAll(() => {
    // No worker in this process: the route runs the import itself, in the background.
    vi.stubEnv("ROSTER_WORKER", "off");
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it("answers 202 with the queued job, which then runs to its end; a dry run is applied from its id", async () => {
    const { token } = await makeTokenUser("integration");
    const externalId = `API-${unique()}`;
    const queued = await call(importsRoute.POST, {
      token, method: "POST", path: "/imports?kind=accounts&dryRun=true", rawBody: `externalId,name\n${externalId},Api Account\n`,
    });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ kind: "accounts", dryRun: true, status: "queued", total: 0, processed: 0, errors: [] });
    const dry = await finished(token, queued.body.id);
    expect(dry.body).toMatchObject({ status: "succeeded", total: 1, processed: 1, created: 1, preview: [{ row: 1, action: "created", key: externalId }] });
    expect(await db.account.findUnique({ where: { externalId } })).toBeNull();

    const apply = await call(applyRoute.POST, { token, method: "POST", params: { id: queued.body.id } });
    expect(apply.status).toBe(202);
    expect(apply.body).toMatchObject({ dryRun: false, sourceImportId: queued.body.id });
    expect((await finished(token, apply.body.id)).body).toMatchObject({ status: "succeeded", created: 1 });
    expect(await db.account.findUnique({ where: { externalId } })).toMatchObject({ name: "Api Account" });

    const listed = await call(importsRoute.GET, { token, path: "/imports?kind=accounts" });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining([queued.body.id, apply.body.id]));
    // Applying something that is not a clean dry run is refused.
    expect((await call(applyRoute.POST, { token, method: "POST", params: { id: apply.body.id } })).status).toBe(422);
  });

  it("takes multipart uploads with a mapping, and lists every row error of a bad file", async () => {
    const { token } = await makeTokenUser("sales_ops");
    const response = await multipart("/imports?kind=accounts", token, `Key,Label\nX-${unique()},\n`, { mapping: JSON.stringify(["externalId", "name"]) });
    expect(response.status).toBe(202);
    const job = await finished(token, (await response.json()).id);
    expect(job.body).toMatchObject({
      status: "failed", fileName: "accounts.csv", columns: [{ header: "Key", target: "externalId" }, { header: "Label", target: "name" }],
      errors: [{ row: 1, column: "Label", message: "Enter a name." }], errorCount: 1,
    });
  });

  it("applies a dry run that needs fixes only when asked to skip the bad rows, and says how many it skipped", async () => {
    const { token } = await makeTokenUser("integration");
    const tag = `API-${unique()}`;
    const queued = await call(importsRoute.POST, {
      token, method: "POST", path: "/imports?kind=accounts&dryRun=true", rawBody: `externalId,name,arr\n${tag}-1,Good,10\n${tag}-2,Bad,ten\n`,
    });
    const dry = await finished(token, queued.body.id);
    expect(dry.body).toMatchObject({ status: "failed", invalidRows: 1, skipInvalidRows: false });
    expect((await call(applyRoute.POST, { token, method: "POST", params: { id: queued.body.id } })).status).toBe(422);
    const apply = await call(applyRoute.POST, { token, method: "POST", path: `/imports/${queued.body.id}/apply?skipInvalidRows=true`, params: { id: queued.body.id } });
    expect(apply).toMatchObject({ status: 202, body: { skipInvalidRows: true, sourceImportId: queued.body.id } });
    expect((await finished(token, apply.body.id)).body).toMatchObject({
      status: "succeeded", created: 1, invalidRows: 1, errors: [{ row: 2, column: "arr" }],
    });
    expect(await db.account.findUnique({ where: { externalId: `${tag}-2` } })).toBeNull();
    const bad = await call(importsRoute.POST, { token, method: "POST", path: "/imports?kind=accounts&dryRun=true&skipInvalidRows=true", rawBody: "a,b\n1,2" });
    expect(bad.status).toBe(400);
  });

  it("refuses what the contract refuses: no token, the wrong profile, a bad kind, a file over the limit, someone else's kind", async () => {
    const { token } = await makeTokenUser("sales_ops");
    const { token: csmToken } = await makeTokenUser("csm");
    const { token: managerToken } = await makeTokenUser("csm_manager");
    expect((await call(importsRoute.POST, { method: "POST", path: "/imports?kind=accounts", rawBody: "a" })).status).toBe(401);
    expect((await call(importsRoute.POST, { token: csmToken, method: "POST", path: "/imports?kind=assignments", rawBody: "a,b\n1,2" })).status).toBe(403);
    expect((await call(importsRoute.POST, { token: managerToken, method: "POST", path: "/imports?kind=accounts", rawBody: "a,b\n1,2" })).status).toBe(403);
    const badKind = await call(importsRoute.POST, { token, method: "POST", path: "/imports?kind=people", rawBody: "a,b\n1,2" });
    expect(badKind).toMatchObject({ status: 400, body: { error: { code: "invalid_request", details: { fields: { kind: expect.any(String) } } } } });
    const huge = await call(importsRoute.POST, { token, method: "POST", path: "/imports?kind=accounts", rawBody: "x".repeat(MAX_IMPORT_BYTES + 10) });
    expect(huge).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("larger than 20 MB") } } });

    const accounts = await call(importsRoute.POST, { token, method: "POST", path: "/imports?kind=accounts&dryRun=true", rawBody: "a,b\n1,2" });
    // The import exists; a CSM manager may see assignment imports only: refused, not "not found".
    expect((await call(importRoute.GET, { token: managerToken, params: { id: accounts.body.id } })).status).toBe(403);
    expect((await call(applyRoute.POST, { token: managerToken, method: "POST", params: { id: accounts.body.id } })).status).toBe(403);
    expect((await call(importRoute.GET, { token: csmToken, params: { id: accounts.body.id } })).status).toBe(403);
    expect((await call(importRoute.GET, { token, params: { id: "nope" } })).status).toBe(404);
  });
});

describe("the import queue", () => {
  afterAll(async () => {
    await stopWorker();
  });

  it("runs a queued import on the worker", async () => {
    const { token } = await makeTokenUser("admin");
    await startWorker({ connectionString: process.env.DATABASE_URL!, noHandleSignals: true });
    const externalId = `Q-${unique()}`;
    const queued = await call(importsRoute.POST, {
      token, method: "POST", path: "/imports?kind=accounts", rawBody: `Account ID,Account Name\n${externalId},Queued\n`,
    });
    expect(queued.status).toBe(202);
    expect((await finished(token, queued.body.id)).body).toMatchObject({ status: "succeeded", created: 1 });
    expect(await db.account.findUnique({ where: { externalId } })).toMatchObject({ name: "Queued" });
  });
});
