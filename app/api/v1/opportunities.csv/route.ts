import { csvResponse } from "@/lib/csv/safe-csv.ts";
import { exportOpportunities } from "@/lib/domain/exports/export-opportunities.ts";
import { opportunityExportQuery } from "@/lib/domain/exports/schemas.ts";
import { readQuery } from "@/lib/http/api.ts";
import { apiOrSession } from "@/lib/http/session-or-bearer.ts";

export const GET = apiOrSession(async ({ actor, request }) => {
  const { header, rows } = await exportOpportunities(actor, readQuery(request, opportunityExportQuery));
  return csvResponse(header, rows, { filename: `opportunities-${new Date().toISOString().slice(0, 10)}.csv` });
});
