import { csvResponse } from "@/lib/csv/safe-csv.ts";
import { COMP_CSV_HEADER, compCsvRecord, listCompOpportunities } from "@/lib/domain/comp/queries.ts";
import { compPeriodInput } from "@/lib/domain/comp/schemas.ts";
import { parse } from "@/lib/http/api.ts";
import { sessionRoute } from "@/lib/http/session-route.ts";

/** The review of a period as CSV, for the page's download link (same rows as the API's CSV). */
export const GET = sessionRoute(async ({ actor, request }) => {
  const params = new URL(request.url).searchParams;
  const period = parse(compPeriodInput, { from: params.get("from") ?? "", to: params.get("to") ?? "" });
  const rows = await listCompOpportunities(actor, period);
  return csvResponse(COMP_CSV_HEADER, rows.map(compCsvRecord), { filename: `comp-${period.from}-to-${period.to}.csv`, bom: true });
});
