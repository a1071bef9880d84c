import { api, pathId } from "@/lib/http/api.ts";
import { retryDelivery } from "@/lib/domain/webhooks/retry-delivery.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";

export const POST = api(async (context) => {
  const deliveryId = context.params.deliveryId ?? "";
  if (!/^\d{1,18}$/.test(deliveryId)) throw new DomainError("not_found", "Delivery not found.");
  return retryDelivery(context, pathId(context.params.id, "Webhook"), BigInt(deliveryId));
});
