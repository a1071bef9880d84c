import { api, created, pathId } from "@/lib/http/api.ts";
import { sendTestEvent } from "@/lib/domain/webhooks/send-test-event.ts";

export const POST = api(async (context) => created(await sendTestEvent(context, pathId(context.params.id, "Webhook"))));
