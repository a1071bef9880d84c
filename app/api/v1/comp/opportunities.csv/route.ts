import { api, readQuery } from "@/lib/http/api.ts";
import { csvResponse } from "@/lib/csv/safe-csv.ts";
import { COMP_CSV_HEADER, compCsvRecord, listCompOpportunities } from "@/lib/domain/comp/queries.ts";
import { compPeriodInput } from "@/lib/domain/comp/schemas.ts";

export const GET = api(async ({ actor, request }) => {
  const period = readQuery(request, compPeriodInput);
  const rows = await listCompOpportunities(actor, period);
  return csvResponse(COMP_CSV_HEADER, rows.map(compCsvRecord), { filename: `comp-${period.from}-to-${period.to}.csv` });
});
