import { acceptCsql } from "@/lib/domain/csqls/accept-csql.ts";
import { api, pathId } from "@/lib/http/api.ts";

export const POST = api(async (context) => acceptCsql(context, pathId(context.params.id, "CSQL")));
