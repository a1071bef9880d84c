import { api, readQuery } from "@/lib/http/api.ts";
import { listChanges } from "@/lib/domain/changes/queries.ts";
import { listChangesQuery } from "@/lib/domain/changes/schemas.ts";

export const GET = api(async ({ actor, request }) => listChanges(actor, readQuery(request, listChangesQuery)));
