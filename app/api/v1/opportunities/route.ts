import { api, created, readJson, readQuery } from "@/lib/http/api.ts";
import { createOpportunity } from "@/lib/domain/opportunities/create-opportunity.ts";
import { listOpportunities } from "@/lib/domain/opportunities/queries.ts";
import { createOpportunityInput, listOpportunitiesQuery } from "@/lib/domain/opportunities/schemas.ts";

export const GET = api(async ({ actor, request }) => listOpportunities(actor, readQuery(request, listOpportunitiesQuery)));

export const POST = api(async (context) =>
  created(await createOpportunity(context, await readJson(context.request, createOpportunityInput))),
);
