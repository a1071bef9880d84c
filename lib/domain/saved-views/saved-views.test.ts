import { describe, expect, it } from "vitest";
import { makeUser, unique } from "@/test/factories.ts";
import { createSavedView } from "./create-saved-view.ts";
import { deleteSavedView } from "./delete-saved-view.ts";
import { defaultSavedView, getSavedView, listSavedViews } from "./queries.ts";
import { createSavedViewInput, updateSavedViewInput } from "./schemas.ts";
import { updateSavedView } from "./update-saved-view.ts";

type Input = import("zod").input<typeof createSavedViewInput>;
const create = (actor: Parameters<typeof createSavedView>[0], input: Partial<Input> & { name: string }) =>
  createSavedView(actor, createSavedViewInput.parse({ table: "accounts", query: "segment=Enterprise&sort=-arr", ...input }));
const update = (actor: Parameters<typeof updateSavedView>[0], id: string, changes: Record<string, unknown>) =>
  updateSavedView(actor, id, updateSavedViewInput.parse(changes));

describe("saved views", () => {
  it("keep a table's filters, sort and columns, never the page it was on", async () => {
    const me = await makeUser("csm");
    const view = await create(me, { name: `Big ones ${unique()}`, query: "?q=acme&sort=-arr&hide=region&cursor=abc&prev=,x&view=old&segment=" });
    expect(view).toMatchObject({ table: "accounts", query: "q=acme&sort=-arr&hide=region", shared: false, mine: true, isDefault: false });
    expect(view.owner).toEqual({ id: me.id, name: me.name });
    expect(createSavedViewInput.safeParse({ table: "accounts", name: "x", query: "bad%20name!=1" }).success).toBe(false);
    expect(createSavedViewInput.safeParse({ table: "accounts", name: "  ", query: "" }).success).toBe(false);
    expect(createSavedViewInput.safeParse({ table: "users", name: "x", query: "" }).success).toBe(false);
  });

  it("are private until shared; shared ones are seen by everyone and changed only by their owner", async () => {
    const [owner, colleague] = await Promise.all([makeUser("csm_manager"), makeUser("sa")]);
    const tag = unique();
    const mine = await create(owner, { name: `Private ${tag}` });
    const team = await create(owner, { name: `Team ${tag}`, shared: true });

    const seen = await listSavedViews(colleague, "accounts");
    expect(seen.map((view) => view.id)).toContain(team.id);
    expect(seen.map((view) => view.id)).not.toContain(mine.id);
    await expect(getSavedView(colleague, mine.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(update(colleague, mine.id, { isDefault: true })).rejects.toMatchObject({ code: "not_found" });
    await expect(update(colleague, team.id, { name: "Mine now" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteSavedView(colleague, team.id)).rejects.toMatchObject({ code: "forbidden" });
    expect((await getSavedView(colleague, team.id)).name).toBe(`Team ${tag}`);
    // Not in the other table's list.
    expect((await listSavedViews(owner, "opportunities")).map((view) => view.id)).not.toContain(team.id);
  });

  it("have one name per person and table, whatever its case", async () => {
    const [me, other] = await Promise.all([makeUser("csm"), makeUser("csm")]);
    const name = `Renewals ${unique()}`;
    const first = await create(me, { name });
    await expect(create(me, { name: name.toUpperCase() })).rejects.toMatchObject({ code: "conflict" });
    await expect(create(other, { name })).resolves.toMatchObject({ name });
    await expect(create(me, { name, table: "opportunities", query: "open=true" })).resolves.toMatchObject({ table: "opportunities" });
    const second = await create(me, { name: `${name} 2` });
    await expect(update(me, second.id, { name })).rejects.toMatchObject({ code: "conflict" });
    expect((await getSavedView(me, first.id)).name).toBe(name);
  });

  it("one default per person and table: setting another replaces it, and anyone may default to a shared view", async () => {
    const [owner, colleague] = await Promise.all([makeUser("csm"), makeUser("leader")]);
    const tag = unique();
    const a = await create(owner, { name: `A ${tag}`, isDefault: true, shared: true });
    expect(a.isDefault).toBe(true);
    const b = await create(owner, { name: `B ${tag}` });
    await update(owner, b.id, { isDefault: true });
    expect((await defaultSavedView(owner, "accounts"))?.id).toBe(b.id);
    expect((await getSavedView(owner, a.id)).isDefault).toBe(false);

    // The colleague's default is theirs alone; it does not move the owner's.
    await update(colleague, a.id, { isDefault: true });
    expect((await defaultSavedView(colleague, "accounts"))?.id).toBe(a.id);
    expect((await defaultSavedView(owner, "accounts"))?.id).toBe(b.id);

    // Unsharing takes it from the colleague, default and all.
    await update(owner, a.id, { shared: false });
    expect(await defaultSavedView(colleague, "accounts")).toBeNull();
    await update(owner, b.id, { isDefault: false });
    expect(await defaultSavedView(owner, "accounts")).toBeNull();
  });

  it("deleting a view clears every default on it; an admin may delete someone's shared view", async () => {
    const [owner, colleague, admin] = await Promise.all([makeUser("csm"), makeUser("sa"), makeUser("admin")]);
    const shared = await create(owner, { name: `Shared ${unique()}`, shared: true, table: "opportunities", query: "open=true" });
    await update(colleague, shared.id, { isDefault: true });
    await deleteSavedView(admin, shared.id);
    expect(await defaultSavedView(colleague, "opportunities")).toBeNull();
    await expect(getSavedView(owner, shared.id)).rejects.toMatchObject({ code: "not_found" });
    const own = await create(owner, { name: `Own ${unique()}` });
    await expect(deleteSavedView(admin, own.id)).rejects.toMatchObject({ code: "not_found" });
    await deleteSavedView(owner, own.id);
  });

  it("refuses an update that changes nothing", () => {
    expect(updateSavedViewInput.safeParse({}).success).toBe(false);
  });
});
