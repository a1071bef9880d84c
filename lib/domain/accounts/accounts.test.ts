import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { asContext, makeUser, unique } from "@/test/factories.ts";
import { assignAccountRole } from "./assign-account-role.ts";
import { createAccount } from "./create-account.ts";
import { listAccounts } from "./queries.ts";
import { listAccountsForTable } from "./table-query.ts";
import { accountTableQuery, listAccountsQuery } from "./schemas.ts";
import { csmsOf, makeAccount, makeOpportunities, setHolder } from "./testing.ts";
import { updateAccount } from "./update-account.ts";

const codeOf = (promise: Promise<unknown>) => promise.then(() => "ok", (error) => error.code ?? String(error));

describe("creating and updating accounts", () => {
  it("creates an account, audited, and a child that inherits takes its parent's CSM", async () => {
    const ops = await makeUser("sales_ops");
    const csm = await makeUser("csm");
    const parent = await createAccount(asContext(ops, "api"), { name: `Parent ${unique()}`, arr: 1200.5, segment: "Enterprise" });
    expect(parent).toMatchObject({ arr: 1200.5, segment: "Enterprise", version: 1, csmInheritance: "none", team: { csm: null, sa: null } });
    await setHolder(parent.id, "csm", csm.id);
    const child = await createAccount(asContext(ops), { name: `Child ${unique()}`, parentId: parent.id, csmInheritance: "parent" });
    expect(child.team.csm?.id).toBe(csm.id);
    const created = await db.auditEntry.findFirst({ where: { entityId: parent.id, field: "created" } });
    expect(created).toMatchObject({ source: "api", actorId: ops.id });
  });

  it("refuses a taken external id with 409 conflict", async () => {
    const ops = await makeUser("sales_ops");
    const externalId = `001${unique()}`;
    const first = await createAccount(asContext(ops), { name: "A", externalId });
    expect(await codeOf(createAccount(asContext(ops), { name: "B", externalId }))).toBe("conflict");
    const other = await createAccount(asContext(ops), { name: "C" });
    expect(await codeOf(updateAccount(asContext(ops), other.id, { externalId }))).toBe("conflict");
    expect(await codeOf(updateAccount(asContext(ops), first.id, { externalId, name: "A2" }))).toBe("ok");
  });

  it("bumps the version on every change and refuses a stale one with 409", async () => {
    const ops = await makeUser("sales_ops");
    const account = await makeAccount();
    const renamed = await updateAccount(asContext(ops), account.id, { name: `Renamed ${unique()}`, version: 1 });
    expect(renamed.version).toBe(2);
    expect(await codeOf(updateAccount(asContext(ops), account.id, { region: "EMEA", version: 1 }))).toBe("conflict");
    expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).region).toBeNull();
    const entries = await db.auditEntry.findMany({ where: { entityType: "account", entityId: account.id } });
    expect(entries.map((e) => e.field)).toEqual(["name"]);
  });

  it("refuses hierarchy cycles (itself, a grandchild) with 422 invalid_transition, and unknown parents with 400", async () => {
    const ops = await makeUser("sales_ops");
    const top = await makeAccount();
    const child = await makeAccount({ parentId: top.id });
    const grandchild = await makeAccount({ parentId: child.id });
    expect(await codeOf(updateAccount(asContext(ops), top.id, { parentId: top.id }))).toBe("invalid_transition");
    expect(await codeOf(updateAccount(asContext(ops), top.id, { parentId: grandchild.id }))).toBe("invalid_transition");
    expect(await codeOf(updateAccount(asContext(ops), top.id, { parentId: crypto.randomUUID() }))).toBe("invalid_request");
    expect((await db.account.findUniqueOrThrow({ where: { id: top.id } })).parentId).toBeNull();
  });

  it("an account that comes to inherit follows its parent's CSM at once, with its own heirs and open opportunities", async () => {
    const ops = await makeUser("sales_ops");
    const [parentCsm, ownCsm] = await Promise.all([makeUser("csm"), makeUser("csm")]);
    const parent = await makeAccount();
    await setHolder(parent.id, "csm", parentCsm.id);
    const account = await makeAccount();
    await setHolder(account.id, "csm", ownCsm.id);
    const heir = await makeAccount({ parentId: account.id, csmInheritance: "parent" });
    await makeOpportunities(account.id, 2, { csmId: ownCsm.id });
    await makeOpportunities(heir.id, 1, { csmId: ownCsm.id });

    const moved = await updateAccount(asContext(ops), account.id, { parentId: parent.id });
    expect(moved.team.csm?.id).toBe(ownCsm.id); // not inheriting yet
    const inheriting = await updateAccount(asContext(ops), account.id, { csmInheritance: "parent" });
    expect(inheriting.team.csm?.id).toBe(parentCsm.id);
    expect((await csmsOf(account.id)).every((o) => o.csmId === parentCsm.id)).toBe(true);
    expect((await csmsOf(heir.id)).every((o) => o.csmId === parentCsm.id)).toBe(true);
  });

  it("only record keepers may create or edit accounts", async () => {
    const csm = await makeUser("csm");
    expect(await codeOf(createAccount(asContext(csm), { name: "Nope" }))).toBe("forbidden");
  });
});

describe("who may set a role", () => {
  it("an SA may set the SA role to themselves and clear it only when it is themselves", async () => {
    const [sa, otherSa] = await Promise.all([makeUser("sa"), makeUser("sa")]);
    const account = await makeAccount();
    expect(await codeOf(assignAccountRole(asContext(sa), account.id, "sa", { userId: otherSa.id }))).toBe("forbidden");
    expect(await codeOf(assignAccountRole(asContext(sa), account.id, "sa", { userId: sa.id }))).toBe("ok");
    expect(await codeOf(assignAccountRole(asContext(otherSa), account.id, "sa", { userId: null }))).toBe("forbidden");
    expect((await db.accountRoleAssignment.findFirst({ where: { accountId: account.id, roleKey: "sa" } }))?.userId).toBe(sa.id);
    expect(await codeOf(assignAccountRole(asContext(sa), account.id, "sa", { userId: null }))).toBe("ok");
    expect(await db.accountRoleAssignment.findFirst({ where: { accountId: account.id, roleKey: "sa" } })).toBeNull();
  });

  it("an SA, a CSM and a leader may not set the CSM; unknown roles and accounts are not found", async () => {
    const [sa, csm, leader, manager] = await Promise.all([makeUser("sa"), makeUser("csm"), makeUser("leader"), makeUser("csm_manager")]);
    const account = await makeAccount();
    for (const actor of [sa, csm, leader]) {
      expect(await codeOf(assignAccountRole(asContext(actor), account.id, "csm", { userId: csm.id }))).toBe("forbidden");
    }
    expect(await codeOf(assignAccountRole(asContext(manager), account.id, "no_such_role", { userId: null }))).toBe("not_found");
    expect(await codeOf(assignAccountRole(asContext(manager), crypto.randomUUID(), "csm", { userId: csm.id }))).toBe("not_found");
    expect(await codeOf(assignAccountRole(asContext(manager), account.id, "renewal_manager", { userId: csm.id }))).toBe("ok");
  });

  it("refuses ineligible holders with 422: wrong profile, inactive", async () => {
    const admin = await makeUser("admin");
    const [sa, inactive] = await Promise.all([makeUser("sa"), makeUser("csm", { active: false })]);
    const account = await makeAccount();
    await makeOpportunities(account.id, 1);
    expect(await codeOf(assignAccountRole(asContext(admin), account.id, "csm", { userId: sa.id }))).toBe("ineligible_assignee");
    expect(await codeOf(assignAccountRole(asContext(admin), account.id, "csm", { userId: inactive.id }))).toBe("ineligible_assignee");
    expect(await db.accountRoleAssignment.findFirst({ where: { accountId: account.id } })).toBeNull();
    expect((await csmsOf(account.id))[0].version).toBe(1);
  });
});

describe("listing accounts", () => {
  it("pages by (name, id) with an opaque cursor and filters by CSM", async () => {
    const admin = await makeUser("admin");
    const csm = await makeUser("csm");
    const tag = unique();
    const ids: string[] = [];
    for (const n of [3, 1, 2, 5, 4]) {
      const account = await makeAccount({ name: `List ${tag} ${n}` });
      await setHolder(account.id, "csm", csm.id);
      ids.push(account.id);
    }
    await makeAccount({ name: `List ${tag} 6` }); // no CSM
    const first = await listAccounts(admin, listAccountsQuery.parse({ csmId: csm.id, limit: "2" }));
    expect(first.items.map((a) => a.name)).toEqual([`List ${tag} 1`, `List ${tag} 2`]);
    const second = await listAccounts(admin, listAccountsQuery.parse({ csmId: csm.id, limit: "2", cursor: first.nextCursor }));
    const third = await listAccounts(admin, listAccountsQuery.parse({ csmId: csm.id, limit: "2", cursor: second.nextCursor }));
    expect([...second.items, ...third.items].map((a) => a.name)).toEqual([3, 4, 5].map((n) => `List ${tag} ${n}`));
    expect(third.nextCursor).toBeNull();
    const byName = await listAccounts(admin, listAccountsQuery.parse({ q: `list ${tag}` }));
    expect(byName.items).toHaveLength(6);
    expect(await codeOf(listAccounts(admin, listAccountsQuery.parse({ cursor: "garbage" })))).toBe("invalid_request");
  });

  it("the table query sorts by ARR both ways across accounts without ARR, with holders and open counts", async () => {
    const admin = await makeUser("admin");
    const csm = await makeUser("csm");
    const segment = `seg-${unique()}`;
    const arrs = [500, null, 100, 300, null, 200];
    const accounts = [];
    for (const arr of arrs) accounts.push(await makeAccount({ segment, ...(arr === null ? {} : { arr }) }));
    await setHolder(accounts[0].id, "csm", csm.id);
    await makeOpportunities(accounts[0].id, 2);
    await makeOpportunities(accounts[0].id, 1, { closed: true });

    const walk = async (dir: "asc" | "desc") => {
      const seen: (number | null)[] = [];
      let cursor: string | undefined;
      do {
        const page = await listAccountsForTable(admin, accountTableQuery.parse({ segment, sort: "arr", dir, limit: "2", cursor }));
        expect(page.total).toBe(6);
        seen.push(...page.items.map((row) => row.arr));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    expect(await walk("asc")).toEqual([100, 200, 300, 500, null, null]);
    expect(await walk("desc")).toEqual([null, null, 500, 300, 200, 100]);

    const top = await listAccountsForTable(admin, accountTableQuery.parse({ segment, csmId: csm.id }));
    expect(top.items).toHaveLength(1);
    expect(top.items[0]).toMatchObject({ openOpportunities: 2, team: { csm: { id: csm.id, name: csm.name } } });
    const unassigned = await listAccountsForTable(admin, accountTableQuery.parse({ segment, unassignedRole: "csm" }));
    expect(unassigned.total).toBe(5);
    // Someone who has left covers nothing: their accounts are gaps too.
    await db.user.update({ where: { id: csm.id }, data: { active: false } });
    const gaps = await listAccountsForTable(admin, accountTableQuery.parse({ segment, unassignedRole: "csm" }));
    expect(gaps.total).toBe(6);
    await db.user.update({ where: { id: csm.id }, data: { active: true } });
  });
});
