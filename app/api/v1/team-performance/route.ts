import { api, readQuery } from "@/lib/http/api.ts";
import { getTeamPerformance } from "@/lib/domain/team-performance/queries.ts";
import { teamPerformanceQuery } from "@/lib/domain/team-performance/schemas.ts";

export const GET = api(async ({ actor, request }) => getTeamPerformance(actor, readQuery(request, teamPerformanceQuery)));
