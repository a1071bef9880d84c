import { getPreferences, setPreferences } from "@/lib/domain/notifications/preferences.ts";
import { notificationPreferencesInput } from "@/lib/domain/notifications/schemas.ts";
import { apiOrSession } from "@/lib/http/session-or-bearer.ts";
import { readJson } from "@/lib/http/api.ts";

export const GET = apiOrSession(async ({ actor }) => getPreferences(actor));
export const PUT = apiOrSession(async ({ actor, request }) => setPreferences(actor, await readJson(request, notificationPreferencesInput)));
