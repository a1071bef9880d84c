import { api, readJson } from "@/lib/http/api.ts";
import { requestRun } from "@/lib/domain/salesforce/run-now.ts";
import { runSyncInput } from "@/lib/domain/salesforce/schemas.ts";

export const POST = api(async (context) => Response.json(await requestRun(context, await readJson(context.request, runSyncInput)), { status: 202 }));
