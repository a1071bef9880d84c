import { api, pathId, readJson } from "@/lib/http/api.ts";
import { addSupportingSa } from "@/lib/domain/opportunities/add-supporting-sa.ts";
import { supportingSaInput } from "@/lib/domain/opportunities/schemas.ts";

export const POST = api(async (context) => {
  const id = pathId(context.params.id, "Opportunity");
  return addSupportingSa(context, id, (await readJson(context.request, supportingSaInput)).userId);
});
