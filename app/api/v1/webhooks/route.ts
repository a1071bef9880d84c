import { api, created, readJson } from "@/lib/http/api.ts";
import { createWebhook } from "@/lib/domain/webhooks/create-webhook.ts";
import { listWebhooks } from "@/lib/domain/webhooks/queries.ts";
import { createWebhookInput } from "@/lib/domain/webhooks/schemas.ts";

export const GET = api(async ({ actor }) => listWebhooks(actor));
export const POST = api(async (context) => created(await createWebhook(context, await readJson(context.request, createWebhookInput))));
