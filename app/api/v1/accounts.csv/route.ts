import { csvResponse } from "@/lib/csv/safe-csv.ts";
import { exportAccounts } from "@/lib/domain/exports/export-accounts.ts";
import { accountExportQuery } from "@/lib/domain/exports/schemas.ts";
import { readQuery } from "@/lib/http/api.ts";
import { apiOrSession } from "@/lib/http/session-or-bearer.ts";
import { readFieldParams } from "@/lib/domain/account-fields/field-params.ts";

export const GET = apiOrSession(async ({ actor, request }) => {
  const { header, rows } = await exportAccounts(actor, {
    ...readQuery(request, accountExportQuery),
    fieldFilters: readFieldParams(new URL(request.url).searchParams),
  });
  return csvResponse(header, rows, { filename: `accounts-${new Date().toISOString().slice(0, 10)}.csv` });
});
