import { api } from "@/lib/http/api.ts";
import { deliverNow } from "@/lib/domain/webhooks/deliver-now.ts";

export const POST = api(async ({ actor }) => deliverNow(actor));
