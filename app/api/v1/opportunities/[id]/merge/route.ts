import { api, pathId, readJson } from "@/lib/http/api.ts";
import { mergeOpportunity } from "@/lib/domain/opportunities/merge-opportunity.ts";
import { mergeInput } from "@/lib/domain/opportunities/schemas.ts";

export const POST = api(async (context) => {
  const id = pathId(context.params.id, "Opportunity");
  return mergeOpportunity(context, id, (await readJson(context.request, mergeInput)).intoId);
});
