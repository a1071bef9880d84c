import { api, readQuery } from "@/lib/http/api.ts";
import { listCompOpportunities } from "@/lib/domain/comp/queries.ts";
import { compRowsQuery } from "@/lib/domain/comp/schemas.ts";

export const GET = api(async ({ actor, request }) => listCompOpportunities(actor, readQuery(request, compRowsQuery)));
