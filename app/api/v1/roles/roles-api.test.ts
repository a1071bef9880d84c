import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeTokenUser, unique } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as roles from "./route.ts";

describe("Account roles API", () => {
  it("lists the built-in roles with their stamping and eligible profiles", async () => {
    const { token } = await makeTokenUser("leader");
    const response = await call(roles.GET, { token });
    expect(response.status).toBe(200);
    const byKey = Object.fromEntries(response.body.items.map((role: { key: string }) => [role.key, role]));
    expect(byKey.csm).toMatchObject({ stamping: "open_opportunities", eligibleProfiles: ["csm", "csm_manager"] });
    expect(byKey.sa).toMatchObject({ stamping: "new_opportunities", eligibleProfiles: ["sa"] });
    for (const key of ["renewal_manager", "account_executive", "executive_sponsor"]) expect(byKey[key].stamping).toBe("none");
  });

  it("lets an admin add a custom role, which stamps nothing", async () => {
    const { token } = await makeTokenUser("admin");
    const key = `support_${unique().replace(/-/g, "")}`;
    const response = await call(roles.POST, { token, method: "POST", body: { key, label: "Support engineer", eligibleProfiles: ["csm", "sa"] } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ key, stamping: "none", builtIn: false });
    const again = await call(roles.POST, { token, method: "POST", body: { key, label: "Again", eligibleProfiles: ["csm"] } });
    expect(again.status).toBe(409);
  });

  it("refuses other profiles and bad keys, writing nothing", async () => {
    const { token: managerToken } = await makeTokenUser("csm_manager");
    const key = `nope_${unique().replace(/-/g, "")}`;
    expect((await call(roles.POST, { token: managerToken, method: "POST", body: { key, label: "X", eligibleProfiles: ["csm"] } })).status).toBe(403);
    const { token } = await makeTokenUser("admin");
    const bad = await call(roles.POST, { token, method: "POST", body: { key: "Bad Key!", label: "", eligibleProfiles: [] } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(["eligibleProfiles", "key", "label"]);
    expect(await db.accountRole.count({ where: { key } })).toBe(0);
  });
});
