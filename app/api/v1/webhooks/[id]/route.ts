import { api, pathId, readJson } from "@/lib/http/api.ts";
import { deleteWebhook } from "@/lib/domain/webhooks/delete-webhook.ts";
import { getWebhook } from "@/lib/domain/webhooks/queries.ts";
import { updateWebhookInput } from "@/lib/domain/webhooks/schemas.ts";
import { updateWebhook } from "@/lib/domain/webhooks/update-webhook.ts";

export const GET = api(async ({ actor, params }) => getWebhook(actor, pathId(params.id, "Webhook")));
export const PATCH = api(async (context) =>
  updateWebhook(context, pathId(context.params.id, "Webhook"), await readJson(context.request, updateWebhookInput)),
);
export const DELETE = api(async (context) => deleteWebhook(context, pathId(context.params.id, "Webhook")));
