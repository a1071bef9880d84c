import { describe, expect, it } from "vitest";
import { eligibleUser, eligibleUsers } from "@/lib/domain/users/eligible-users.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { listBook } from "./book.ts";
import { accountFacets } from "./facets.ts";
import { accountRelations, searchAccounts } from "./related.ts";
import { roleHolderOptions, roleHolders } from "./role-holders.ts";
import { makeAccount, makeOpportunities, setHolder } from "./testing.ts";

describe("reads behind the assignment desk", () => {
  it("lists only active users the role accepts, searchable, with their load for that role", async () => {
    const viewer = await makeUser("leader");
    const tag = unique();
    const [busy, idle] = await Promise.all([
      makeUser("csm", { name: `Elig ${tag} Busy`, capacity: 30 }),
      makeUser("csm_manager", { name: `Elig ${tag} Idle` }),
    ]);
    const [sa, gone] = await Promise.all([makeUser("sa", { name: `Elig ${tag} Sa` }), makeUser("csm", { name: `Elig ${tag} Gone`, active: false })]);
    for (let i = 0; i < 2; i++) await setHolder((await makeAccount()).id, "csm", busy.id);
    await setHolder((await makeAccount()).id, "renewal_manager", busy.id);

    const found = await eligibleUsers(viewer, { roleKey: "csm", q: `elig ${tag}` });
    expect(found).toEqual([
      { id: busy.id, name: busy.name, email: busy.email, profile: "csm", capacity: 30, accounts: 2 },
      { id: idle.id, name: idle.name, email: idle.email, profile: "csm_manager", capacity: null, accounts: 0 },
    ]);
    await expect(eligibleUsers(viewer, { roleKey: "nope" })).rejects.toMatchObject({ code: "not_found" });
    // One named person (a link's pre-selection) passes the same rule, with the same load.
    expect(await eligibleUser(viewer, "csm", busy.id)).toEqual(found[0]);
    expect(await Promise.all([sa, gone].map((user) => eligibleUser(viewer, "csm", user.id)))).toEqual([null, null]);

    const holders = await roleHolders(viewer, "csm");
    expect(holders.find((holder) => holder.id === busy.id)).toMatchObject({ accounts: 2, active: true });
    const options = await roleHolderOptions(viewer, "csm");
    expect(options.find((option) => option.id === busy.id)).toEqual({ id: busy.id, name: busy.name, active: true });
    expect(options.some((option) => option.id === idle.id)).toBe(false);
  });

  it("a person's book holds every account where they hold any role, with their roles, in keyset pages", async () => {
    const viewer = await makeUser("csm");
    const person = await makeUser("csm");
    const tag = unique();
    const accounts = [];
    for (const n of [2, 1, 3]) accounts.push(await makeAccount({ name: `Book ${tag} ${n}` }));
    await setHolder(accounts[0].id, "csm", person.id);
    await setHolder(accounts[0].id, "renewal_manager", person.id);
    await setHolder(accounts[1].id, "renewal_manager", person.id);
    await setHolder(accounts[2].id, "csm", person.id);
    await makeOpportunities(accounts[0].id, 2);
    await makeAccount({ name: `Book ${tag} 4` });

    const first = await listBook(viewer, { userId: person.id, limit: 2 });
    expect(first.total).toBe(3);
    expect(first.items.map((row) => [row.name, row.roles])).toEqual([
      [`Book ${tag} 1`, ["renewal_manager"]],
      [`Book ${tag} 2`, ["csm", "renewal_manager"]],
    ]);
    expect(first.items[1]).toMatchObject({ openOpportunities: 2, team: { csm: { id: person.id, name: person.name } } });
    const second = await listBook(viewer, { userId: person.id, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((row) => row.name)).toEqual([`Book ${tag} 3`]);
    expect(second.nextCursor).toBeNull();
  });

  it("finds segments, regions, children and accounts by name", async () => {
    const viewer = await makeUser("sa");
    const tag = unique();
    const parent = await makeAccount({ name: `Rel ${tag} Parent`, segment: `Seg ${tag}`, region: `Reg ${tag}` });
    await makeAccount({ name: `Rel ${tag} B`, parentId: parent.id });
    await makeAccount({ name: `Rel ${tag} A`, parentId: parent.id });
    const facets = await accountFacets(viewer);
    expect(facets.segments).toContain(`Seg ${tag}`);
    expect(facets.regions).toContain(`Reg ${tag}`);
    const relations = await accountRelations(viewer, parent.id, null, 1);
    expect(relations).toMatchObject({ parent: null, childCount: 2, children: [{ name: `Rel ${tag} A` }] });
    expect((await searchAccounts(viewer, `rel ${tag} p`)).map((a) => a.id)).toEqual([parent.id]);
  });
});
