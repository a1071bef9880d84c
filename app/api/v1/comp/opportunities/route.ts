import { api, readQuery } from "@/lib/http/api.ts";
import { listCompOpportunities } from "@/lib/domain/comp/queries.ts";
import { compPeriodInput } from "@/lib/domain/comp/schemas.ts";

export const GET = api(async ({ actor, request }) => ({ items: await listCompOpportunities(actor, readQuery(request, compPeriodInput)) }));
