import { api, pathId } from "@/lib/http/api.ts";
import { rotateWebhookSecret } from "@/lib/domain/webhooks/rotate-webhook-secret.ts";

export const POST = api(async (context) => rotateWebhookSecret(context, pathId(context.params.id, "Webhook")));
