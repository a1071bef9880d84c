import { listNotifications } from "@/lib/domain/notifications/queries.ts";
import { listNotificationsQuery } from "@/lib/domain/notifications/schemas.ts";
import { apiOrSession } from "@/lib/http/session-or-bearer.ts";
import { readQuery } from "@/lib/http/api.ts";

export const GET = apiOrSession(async ({ actor, request }) => listNotifications(actor, readQuery(request, listNotificationsQuery)));
