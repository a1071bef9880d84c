import { api } from "@/lib/http/api.ts";
import { listRuns } from "@/lib/domain/salesforce/queries.ts";

export const GET = api(async (context) => listRuns(context));
