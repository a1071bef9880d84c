import { api, readJson } from "@/lib/http/api.ts";
import { catchDifferences } from "@/lib/domain/salesforce/catch-differences.ts";
import { catchInput } from "@/lib/domain/salesforce/schemas.ts";

export const POST = api(async (context) => catchDifferences(context, await readJson(context.request, catchInput)));
