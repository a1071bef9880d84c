import { api, pathId, readJson } from "@/lib/http/api.ts";
import { clearCsmOverride, overrideCsm } from "@/lib/domain/opportunities/override-csm.ts";
import { setUserInput } from "@/lib/domain/opportunities/schemas.ts";

export const PUT = api(async (context) => {
  const id = pathId(context.params.id, "Opportunity");
  const input = await readJson(context.request, setUserInput);
  return overrideCsm(context, id, input.userId, input.reason);
});

export const DELETE = api(async (context) => clearCsmOverride(context, pathId(context.params.id, "Opportunity")));
