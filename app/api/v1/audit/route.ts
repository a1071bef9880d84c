import { api, readQuery } from "@/lib/http/api.ts";
import { listAuditEntries } from "@/lib/domain/audit/queries.ts";
import { listAuditQuery } from "@/lib/domain/audit/schemas.ts";

export const GET = api(async ({ actor, request }) => listAuditEntries(actor, readQuery(request, listAuditQuery)));
