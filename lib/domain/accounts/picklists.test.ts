import { describe, expect, it } from "vitest";
import { asContext, makeUser, unique } from "@/test/factories.ts";
import { createAccount } from "./create-account.ts";
import { accountFacets } from "./facets.ts";
import { makeAccount } from "./testing.ts";
import { updateAccount } from "./update-account.ts";

describe("segment and region are picklists", () => {
  it("a value typed in another case is stored as accounts already spell it, on create and on edit", async () => {
    const ops = asContext(await makeUser("sales_ops"));
    const tag = unique();
    await makeAccount({ segment: `Enterprise-${tag}`, region: `EMEA-${tag}` });

    const created = await createAccount(ops, { name: `Lower ${tag}`, segment: `enterprise-${tag}`, region: `emea-${tag}` });
    expect(created).toMatchObject({ segment: `Enterprise-${tag}`, region: `EMEA-${tag}` });

    const other = await createAccount(ops, { name: `Other ${tag}` });
    const edited = await updateAccount(ops, other.id, { segment: `ENTERPRISE-${tag}`, region: `Emea-${tag}` });
    expect(edited).toMatchObject({ segment: `Enterprise-${tag}`, region: `EMEA-${tag}` });

    // One value in the pickers, not two.
    const facets = await accountFacets(ops.actor);
    expect(facets.segments.filter((value) => value.toLowerCase() === `enterprise-${tag}`.toLowerCase())).toEqual([`Enterprise-${tag}`]);
  });

  it("a value new to Roster is kept as typed, and clearing still clears", async () => {
    const ops = asContext(await makeUser("sales_ops"));
    const tag = unique();
    const created = await createAccount(ops, { name: `New ${tag}`, segment: `Mid-Market ${tag}`, region: `apac-${tag}` });
    expect(created).toMatchObject({ segment: `Mid-Market ${tag}`, region: `apac-${tag}` });
    const cleared = await updateAccount(ops, created.id, { segment: null, region: null });
    expect(cleared).toMatchObject({ segment: null, region: null });
  });
});
