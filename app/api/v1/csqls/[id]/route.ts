import { getCsql } from "@/lib/domain/csqls/queries.ts";
import { api, pathId } from "@/lib/http/api.ts";

export const GET = api(async ({ actor, params }) => getCsql(actor, pathId(params.id, "CSQL")));
