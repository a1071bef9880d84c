import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { makeAccount, makeOpportunities, setPending } from "@/lib/domain/accounts/testing.ts";
import { updateAccount } from "@/lib/domain/accounts/update-account.ts";
import { asContext, makeUser, unique } from "@/test/factories.ts";
import { loadHistory } from "./history.ts";
import { recordAudit } from "./record-audit.ts";

describe("an account's history", () => {
  it("reads as sentences, newest first, with what a CSM change stamped and who followed", async () => {
    const manager = await makeUser("csm_manager", { name: `Maria ${unique()}` });
    const [first, second] = await Promise.all([makeUser("csm", { name: `Ann ${unique()}` }), makeUser("csm", { name: `Bob ${unique()}` })]);
    const account = await makeAccount();
    await makeAccount({ parentId: account.id, csmInheritance: "parent" });
    await makeOpportunities(account.id, 3);
    await makeOpportunities(account.id, 1, { closed: true });

    await assignAccountRole(asContext(manager), account.id, "csm", { userId: first.id });
    await assignAccountRole(asContext(manager), account.id, "csm", { userId: second.id });
    const page = await loadHistory(manager, { entityType: "account", entityId: account.id });

    expect(page.items.map((item) => item.sentence)).toEqual([
      `${manager.name} changed CSM from ${first.name} to ${second.name}`,
      `${manager.name} assigned ${first.name} as CSM`,
    ]);
    expect(page.items[0].details).toEqual(["stamped 3 opportunities", "1 child account followed"]);
    expect(page.items[0].via).toBeNull();
    expect(page.nextCursor).toBeNull();
  });

  it("groups the fields of one edit, names pending holders and imports, and pages by change", async () => {
    const ops = await makeUser("sales_ops", { name: `Oscar ${unique()}` });
    const csm = await makeUser("csm", { name: `Chris ${unique()}` });
    const account = await makeAccount();
    await setPending(account.id, "csm", "later@example.com");
    await db.$transaction((tx) =>
      recordAudit(tx, { actorId: null, source: "import" }, [
        { entityType: "account", entityId: account.id, field: "team.csm", from: null, to: "pending:later@example.com" },
      ]),
    );
    await assignAccountRole(asContext(ops, "import"), account.id, "csm", { userId: csm.id });
    await updateAccount(asContext(ops), account.id, { region: "EMEA", arr: 1200.5 });

    const first = await loadHistory(ops, { entityType: "account", entityId: account.id, limit: 2 });
    expect(first.items.map((item) => item.sentence)).toEqual([
      `${ops.name} set the region to EMEA and set the ARR to $1,200.50`,
      `${ops.name} changed CSM from pending later@example.com to ${csm.name}`,
    ]);
    expect(first.items[1].via).toBe("via import");
    const second = await loadHistory(ops, { entityType: "account", entityId: account.id, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((item) => item.sentence)).toEqual(["Assigned pending later@example.com as CSM"]);
    expect(second.items[0]).toMatchObject({ actor: null, via: "via import" });
    expect(second.nextCursor).toBeNull();
  });

  it("says an SA added themselves", async () => {
    const sa = await makeUser("sa", { name: `Sam ${unique()}` });
    const account = await makeAccount();
    await assignAccountRole(asContext(sa), account.id, "sa", { userId: sa.id });
    const page = await loadHistory(sa, { entityType: "account", entityId: account.id });
    expect(page.items[0].sentence).toBe(`${sa.name} added themselves as SA`);
  });
});

describe("an opportunity's history", () => {
  it("shows a stamp as coming from the account's CSM", async () => {
    const manager = await makeUser("csm_manager");
    const csm = await makeUser("csm", { name: `Dana ${unique()}` });
    const account = await makeAccount();
    await makeOpportunities(account.id, 1);
    const [opportunity] = await db.opportunity.findMany({ where: { accountId: account.id }, select: { id: true } });
    await assignAccountRole(asContext(manager), account.id, "csm", { userId: csm.id });
    const page = await loadHistory(manager, { entityType: "opportunity", entityId: opportunity.id });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ sentence: `${manager.name} assigned ${csm.name} as CSM`, via: "stamped from the account's CSM" });
  });
});
