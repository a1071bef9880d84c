import { getImport } from "@/lib/domain/imports/queries.ts";
import { pathId } from "@/lib/http/api.ts";
import { apiOrSession } from "@/lib/http/session-or-bearer.ts";

export const GET = apiOrSession(async ({ actor, params }) => getImport(actor, pathId(params.id, "Import")));
