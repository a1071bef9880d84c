import { csvResponse } from "@/lib/csv/safe-csv.ts";
import { COMP_CSV_HEADER, compCsvRecords } from "@/lib/domain/comp/queries.ts";
import { REVIEW_FLAG_FILTERS, type ReviewFlagFilter } from "@/lib/domain/comp/review-schemas.ts";
import { compPeriodInput } from "@/lib/domain/comp/schemas.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";
import { parse } from "@/lib/http/api.ts";
import { sessionRoute } from "@/lib/http/session-route.ts";

/**
 * The review of a period as CSV, for the page's download link: the rows the page's filters (flag,
 * rep) keep, every one of them, streamed; a byte order mark so Excel reads names right.
 */
export const GET = sessionRoute(async ({ actor, request }) => {
  const params = new URL(request.url).searchParams;
  const period = parse(compPeriodInput, { from: params.get("from") ?? "", to: params.get("to") ?? "" });
  const flag = params.get("flag") ?? "";
  const rep = params.get("rep") ?? "";
  const records = await compCsvRecords(actor, period, {
    flag: (REVIEW_FLAG_FILTERS as readonly string[]).includes(flag) ? (flag as ReviewFlagFilter) : undefined,
    repId: idSchema.safeParse(rep).success ? rep : undefined,
  });
  return csvResponse(COMP_CSV_HEADER, records, { filename: `comp-${period.from}-to-${period.to}.csv`, bom: true });
});
