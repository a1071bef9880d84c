import { api, readQuery } from "@/lib/http/api.ts";
import { csvResponse } from "@/lib/csv/safe-csv.ts";
import { COMP_CSV_HEADER, compCsvRecords } from "@/lib/domain/comp/queries.ts";
import { compPeriodInput } from "@/lib/domain/comp/schemas.ts";

export const GET = api(async ({ actor, request }) => {
  const { accountId, ...period } = readQuery(request, compPeriodInput);
  return csvResponse(COMP_CSV_HEADER, await compCsvRecords(actor, period, { accountId }), { filename: `comp-${period.from}-to-${period.to}.csv` });
});
