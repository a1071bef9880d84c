import { api } from "@/lib/http/api.ts";
import { syncStatus } from "@/lib/domain/salesforce/queries.ts";

export const GET = api(async (context) => syncStatus(context));
