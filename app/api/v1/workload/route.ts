import { api, readQuery } from "@/lib/http/api.ts";
import { getWorkload } from "@/lib/domain/workload/queries.ts";
import { workloadQuery } from "@/lib/domain/workload/schemas.ts";

export const GET = api(async ({ actor, request }) => ({ items: await getWorkload(actor, readQuery(request, workloadQuery)) }));
