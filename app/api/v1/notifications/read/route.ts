import { markRead } from "@/lib/domain/notifications/queries.ts";
import { markReadInput } from "@/lib/domain/notifications/schemas.ts";
import { apiOrSession } from "@/lib/http/session-or-bearer.ts";
import { readJson } from "@/lib/http/api.ts";

export const POST = apiOrSession(async ({ actor, request }) => markRead(actor, await readJson(request, markReadInput)));
