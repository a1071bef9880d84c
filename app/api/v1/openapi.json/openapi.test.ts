import { describe, expect, it } from "vitest";
import { GET } from "./route.ts";

describe("GET /api/v1/openapi.json", () => {
  it("serves an OpenAPI 3.1 document whose request bodies come from the validating zod schemas", async () => {
    const document = await GET().json();
    expect(document.openapi).toBe("3.1.0");
    const createUser = document.paths["/users"].post;
    const schema = createUser.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(expect.arrayContaining(["email", "name", "profile"]));
    expect(schema.properties.profile.enum).toContain("csm_manager");
    expect(createUser.responses["201"]).toBeDefined();
    expect(document.paths["/users/{id}"].patch.parameters[0]).toMatchObject({ name: "id", in: "path", required: true });
    expect(document.paths["/users"].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(["profile", "q", "active"]),
    );
    const raise = document.paths["/csqls"].post.requestBody.content["application/json"].schema;
    expect(raise.properties.kind.enum).toEqual(["expansion", "renewal", "cross_sell", "new_logo"]);
    expect(document.paths["/csqls/{id}/convert"].post.responses["201"]).toBeDefined();
    expect(document.paths["/search"].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(["q", "limit"]);
    const saveView = document.paths["/saved-views"].post.requestBody.content["application/json"].schema;
    expect(saveView.properties.table.enum).toEqual(["accounts", "opportunities"]);
    expect(document.paths["/saved-views/{id}"].delete.responses["204"]).toBeDefined();
  });
});
