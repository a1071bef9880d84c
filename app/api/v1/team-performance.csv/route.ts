import { csvResponse } from "@/lib/csv/safe-csv.ts";
import { getTeamPerformance } from "@/lib/domain/team-performance/queries.ts";
import { teamPerformanceCsv } from "@/lib/domain/team-performance/export.ts";
import { teamPerformanceQuery } from "@/lib/domain/team-performance/schemas.ts";
import { readQuery } from "@/lib/http/api.ts";
import { apiOrSession } from "@/lib/http/session-or-bearer.ts";

export const GET = apiOrSession(async ({ actor, request }) => {
  const { header, rows } = teamPerformanceCsv(await getTeamPerformance(actor, readQuery(request, teamPerformanceQuery)));
  return csvResponse(header, rows, { filename: `team-performance-${new Date().toISOString().slice(0, 10)}.csv` });
});
