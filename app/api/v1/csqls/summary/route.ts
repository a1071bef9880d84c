import { csqlSummaryQuery } from "@/lib/domain/csqls/schemas.ts";
import { csqlSummary } from "@/lib/domain/csqls/summary.ts";
import { api, readQuery } from "@/lib/http/api.ts";

export const GET = api(async ({ actor, request }) => csqlSummary(actor, readQuery(request, csqlSummaryQuery)));
