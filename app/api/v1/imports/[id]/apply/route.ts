import { applyImportQuery } from "@/lib/domain/imports/schemas.ts";
import { applyDryRun } from "@/lib/domain/imports/start-import.ts";
import { pathId, readQuery } from "@/lib/http/api.ts";
import { apiOrSession } from "@/lib/http/session-or-bearer.ts";

export const POST = apiOrSession(async (context) => {
  const { skipInvalidRows } = readQuery(context.request, applyImportQuery);
  return Response.json(await applyDryRun(context, pathId(context.params.id, "Import"), { skipInvalidRows }), { status: 202 });
});
