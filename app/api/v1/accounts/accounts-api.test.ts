import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeAccount, makeOpportunities } from "@/lib/domain/accounts/testing.ts";
import { makeTokenUser, makeUser, unique } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as accounts from "./route.ts";
import * as account from "./[id]/route.ts";
import * as team from "./[id]/team/[roleKey]/route.ts";
import * as transfers from "../transfers/route.ts";
import * as pending from "../assignments/pending/route.ts";

/** Everything a bad request could have changed. */
const snapshot = async (accountId: string) => ({
  account: await db.account.findUniqueOrThrow({ where: { id: accountId } }),
  team: await db.accountRoleAssignment.findMany({ where: { accountId } }),
  opportunities: await db.opportunity.findMany({ where: { accountId }, orderBy: { id: "asc" } }),
  audit: await db.auditEntry.count({ where: { entityId: accountId } }),
});

describe("Accounts API", () => {
  it("creates, reads, lists and patches an account", async () => {
    const { token } = await makeTokenUser("integration");
    const externalId = `001${unique()}AAA`;
    const created = await call(accounts.POST, { token, method: "POST", body: { name: `Acme ${unique()}`, externalId, arr: 99.99 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ externalId, arr: 99.99, parentId: null, csmInheritance: "none", version: 1 });
    expect(Object.keys(created.body.team)).toEqual(expect.arrayContaining(["csm", "sa", "renewal_manager"]));

    const got = await call(account.GET, { token, params: { id: created.body.id } });
    expect(got.body).toEqual(created.body);
    const listed = await call(accounts.GET, { token, path: `/accounts?q=${externalId}` });
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
    const patched = await call(account.PATCH, { token, method: "PATCH", params: { id: created.body.id }, body: { segment: "SMB", version: 1 } });
    expect(patched.body).toMatchObject({ segment: "SMB", version: 2 });
    const stale = await call(account.PATCH, { token, method: "PATCH", params: { id: created.body.id }, body: { segment: "MM", version: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
  });

  it("sets a CSM through PUT /accounts/{id}/team/csm with the contract's result", async () => {
    const { token } = await makeTokenUser("csm_manager");
    const csm = await makeUser("csm");
    const target = await makeAccount();
    await makeOpportunities(target.id, 4);
    const result = await call(team.PUT, { token, method: "PUT", params: { id: target.id, roleKey: "csm" }, body: { userId: csm.id } });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      account: { id: target.id, team: { csm: { id: csm.id, email: csm.email, profile: "csm" } } },
      stamped: { opportunities: 4, skippedOverridden: 0 },
      cascaded: { accounts: 0 },
    });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { entityId: target.id, field: "team.csm" } });
    expect(entry.source).toBe("api");
  });

  it("answers bad input with 400/404 and changes nothing", async () => {
    const { token } = await makeTokenUser("admin");
    const csm = await makeUser("csm");
    const target = await makeAccount();
    await makeOpportunities(target.id, 2);
    const before = await snapshot(target.id);
    const put = (body: unknown, params: Record<string, string> = { id: target.id, roleKey: "csm" }, rawBody?: string) =>
      call(team.PUT, { token, method: "PUT", params, body, rawBody });

    const cases = [
      [await put(undefined, undefined, "{not json"), 400],
      [await put({ userId: 42 }), 400],
      [await put({ userId: "not-an-id" }), 400],
      [await put({ userId: csm.id, includeOverridden: "yes" }), 400],
      [await put({}), 400],
      [await put({ userId: crypto.randomUUID() }), 404],
      [await put({ userId: csm.id }, { id: target.id, roleKey: "no_such_role" }), 404],
      [await put({ userId: csm.id }, { id: crypto.randomUUID(), roleKey: "csm" }), 404],
      [await put({ userId: csm.id }, { id: "../etc", roleKey: "csm" }), 404],
      [await call(account.PATCH, { token, method: "PATCH", params: { id: target.id }, body: { name: "x".repeat(256) } }), 400],
      [await call(account.PATCH, { token, method: "PATCH", params: { id: target.id }, body: { externalId: "x".repeat(65) } }), 400],
      [await call(account.PATCH, { token, method: "PATCH", params: { id: target.id }, body: { segment: "s".repeat(65) } }), 400],
      [await call(account.PATCH, { token, method: "PATCH", params: { id: target.id }, body: { arr: -1 } }), 400],
      [await call(account.PATCH, { token, method: "PATCH", params: { id: target.id }, body: { arr: 1.234 } }), 400],
      [await call(account.PATCH, { token, method: "PATCH", params: { id: target.id }, body: { arr: "100" } }), 400],
      [await call(account.PATCH, { token, method: "PATCH", params: { id: target.id }, body: { csmInheritance: "always" } }), 400],
      [await call(account.PATCH, { token, method: "PATCH", params: { id: target.id }, body: { parentId: crypto.randomUUID() } }), 400],
      [await call(account.PATCH, { token, method: "PATCH", params: { id: target.id }, body: { parentId: target.id } }), 422],
      [await call(account.PATCH, { token, method: "PATCH", params: { id: target.id }, rawBody: "[1,2" }), 400],
      [await call(accounts.GET, { token, path: "/accounts?limit=500" }), 400],
      [await call(accounts.GET, { token, path: "/accounts?cursor=%%%" }), 400],
      [await call(transfers.POST, { token, method: "POST", body: { roleKey: "csm", fromUserId: csm.id } }), 400],
    ] as const;
    for (const [response, status] of cases) {
      expect(response.status).toBe(status);
      expect(typeof response.body.error.code).toBe("string");
    }
    expect(await snapshot(target.id)).toEqual(before);
  });

  it("guards transfers and the pending list by profile", async () => {
    const { token: csmToken, user: csm } = await makeTokenUser("csm");
    const { token: managerToken } = await makeTokenUser("csm_manager");
    const other = await makeUser("csm");
    const denied = await call(transfers.POST, {
      token: csmToken, method: "POST", body: { roleKey: "csm", fromUserId: other.id, toUserId: csm.id, dryRun: true },
    });
    expect(denied.status).toBe(403);
    const dry = await call(transfers.POST, {
      token: managerToken, method: "POST", body: { roleKey: "csm", fromUserId: other.id, toUserId: csm.id, dryRun: true },
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ accounts: 0, opportunities: 0, skippedOverridden: 0, batchId: null });
    expect((await call(pending.GET, { token: csmToken })).status).toBe(403);
    const list = await call(pending.GET, { token: managerToken });
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body.items)).toBe(true);
  });
});
