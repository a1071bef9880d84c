import { api, created, readJson, readQuery } from "@/lib/http/api.ts";
import { createSavedView } from "@/lib/domain/saved-views/create-saved-view.ts";
import { listSavedViews } from "@/lib/domain/saved-views/queries.ts";
import { createSavedViewInput, listSavedViewsQuery } from "@/lib/domain/saved-views/schemas.ts";

export const GET = api(async ({ actor, request }) => ({ items: await listSavedViews(actor, readQuery(request, listSavedViewsQuery).table) }));
export const POST = api(async ({ actor, request }) => created(await createSavedView(actor, await readJson(request, createSavedViewInput))));
