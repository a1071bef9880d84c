import { api, pathId, readJson } from "@/lib/http/api.ts";
import { deleteSavedView } from "@/lib/domain/saved-views/delete-saved-view.ts";
import { getSavedView } from "@/lib/domain/saved-views/queries.ts";
import { updateSavedViewInput } from "@/lib/domain/saved-views/schemas.ts";
import { updateSavedView } from "@/lib/domain/saved-views/update-saved-view.ts";

export const GET = api(async ({ actor, params }) => getSavedView(actor, pathId(params.id, "Saved view")));
export const PATCH = api(async ({ actor, params, request }) =>
  updateSavedView(actor, pathId(params.id, "Saved view"), await readJson(request, updateSavedViewInput)),
);
export const DELETE = api(async ({ actor, params }) => {
  await deleteSavedView(actor, pathId(params.id, "Saved view"));
  return new Response(null, { status: 204 });
});
