import { rejectCsql } from "@/lib/domain/csqls/reject-csql.ts";
import { rejectCsqlInput } from "@/lib/domain/csqls/schemas.ts";
import { api, pathId, readJson } from "@/lib/http/api.ts";

export const POST = api(async (context) =>
  rejectCsql(context, pathId(context.params.id, "CSQL"), await readJson(context.request, rejectCsqlInput)),
);
