import { api, readJson } from "@/lib/http/api.ts";
import { retryRecord } from "@/lib/domain/salesforce/run-now.ts";
import { retryRecordInput } from "@/lib/domain/salesforce/schemas.ts";

export const POST = api(async (context) => Response.json(await retryRecord(context, await readJson(context.request, retryRecordInput)), { status: 202 }));
