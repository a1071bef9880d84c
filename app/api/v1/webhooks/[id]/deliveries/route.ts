import { api, pathId, readQuery } from "@/lib/http/api.ts";
import { listDeliveries } from "@/lib/domain/webhooks/queries.ts";
import { listDeliveriesQuery } from "@/lib/domain/webhooks/schemas.ts";

export const GET = api(async ({ actor, params, request }) =>
  listDeliveries(actor, pathId(params.id, "Webhook"), readQuery(request, listDeliveriesQuery)),
);
