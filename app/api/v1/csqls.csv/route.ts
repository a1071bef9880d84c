import { csvResponse } from "@/lib/csv/safe-csv.ts";
import { exportCsqls } from "@/lib/domain/csqls/export-csqls.ts";
import { listCsqlsQuery } from "@/lib/domain/csqls/schemas.ts";
import { readQuery } from "@/lib/http/api.ts";
import { apiOrSession } from "@/lib/http/session-or-bearer.ts";

export const GET = apiOrSession(async ({ actor, request }) => {
  const { header, rows } = await exportCsqls(actor, readQuery(request, listCsqlsQuery));
  return csvResponse(header, rows, { filename: `csqls-${new Date().toISOString().slice(0, 10)}.csv` });
});
