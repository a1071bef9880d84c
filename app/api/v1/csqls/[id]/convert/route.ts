import { convertCsql } from "@/lib/domain/csqls/convert-csql.ts";
import { convertCsqlInput } from "@/lib/domain/csqls/schemas.ts";
import { api, created, pathId, readJson } from "@/lib/http/api.ts";

export const POST = api(async (context) =>
  created(await convertCsql(context, pathId(context.params.id, "CSQL"), await readJson(context.request, convertCsqlInput))),
);
