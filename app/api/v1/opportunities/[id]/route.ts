import { api, pathId, readJson } from "@/lib/http/api.ts";
import { getOpportunity } from "@/lib/domain/opportunities/queries.ts";
import { updateOpportunityInput } from "@/lib/domain/opportunities/schemas.ts";
import { updateOpportunity } from "@/lib/domain/opportunities/update-opportunity.ts";

export const GET = api(async ({ actor, params }) => getOpportunity(actor, pathId(params.id, "Opportunity")));

export const PATCH = api(async (context) =>
  updateOpportunity(context, pathId(context.params.id, "Opportunity"), await readJson(context.request, updateOpportunityInput)),
);
