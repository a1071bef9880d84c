import { csvResponse } from "@/lib/csv/safe-csv.ts";
import { getCompApproval } from "@/lib/domain/comp/approval-queries.ts";
import { COMP_CSV_HEADER, compCsvRecord } from "@/lib/domain/comp/queries.ts";
import { pathId } from "@/lib/http/api.ts";
import { sessionRoute } from "@/lib/http/session-route.ts";

/** An approval's frozen rows as CSV, exactly as approved, in the review CSV's columns, with a BOM for Excel. */
export const GET = sessionRoute(async ({ actor, params }) => {
  const { approval, items } = await getCompApproval(actor, pathId(params.id, "Comp approval"));
  return csvResponse(COMP_CSV_HEADER, items.map(compCsvRecord), {
    filename: `comp-approval-${approval.from}-to-${approval.to}-${approval.approvedAt.slice(0, 10)}.csv`,
    bom: true, // as the review's CSV: Excel reads names right only with it
  });
});
