import { api } from "@/lib/http/api.ts";
import { listPendingRecords } from "@/lib/domain/salesforce/queries.ts";

export const GET = api(async (context) => listPendingRecords(context));
