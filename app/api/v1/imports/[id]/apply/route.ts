import { applyDryRun } from "@/lib/domain/imports/start-import.ts";
import { pathId } from "@/lib/http/api.ts";
import { apiOrSession } from "@/lib/http/session-or-bearer.ts";

export const POST = apiOrSession(async (context) =>
  Response.json(await applyDryRun(context, pathId(context.params.id, "Import")), { status: 202 }));
