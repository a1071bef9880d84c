import { listCsqls } from "@/lib/domain/csqls/queries.ts";
import { raiseCsql } from "@/lib/domain/csqls/raise-csql.ts";
import { listCsqlsQuery, raiseCsqlInput } from "@/lib/domain/csqls/schemas.ts";
import { api, created, readJson, readQuery } from "@/lib/http/api.ts";

export const GET = api(async ({ actor, request }) => listCsqls(actor, readQuery(request, listCsqlsQuery)));

export const POST = api(async (context) => created(await raiseCsql(context, await readJson(context.request, raiseCsqlInput))));
