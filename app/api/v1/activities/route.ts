import { api, created, readJson, readQuery } from "@/lib/http/api.ts";
import { logActivity } from "@/lib/domain/activities/log-activity.ts";
import { listActivities } from "@/lib/domain/activities/queries.ts";
import { listActivitiesQuery, logActivityInput } from "@/lib/domain/activities/schemas.ts";

export const GET = api(async ({ actor, request }) => listActivities(actor, readQuery(request, listActivitiesQuery)));

export const POST = api(async (context) => created(await logActivity(context, await readJson(context.request, logActivityInput))));
