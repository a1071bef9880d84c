import { deleteCsqlRoute } from "@/lib/domain/csqls/routes.ts";
import { api, pathId } from "@/lib/http/api.ts";

export const DELETE = api(async (context) => {
  await deleteCsqlRoute(context, pathId(context.params.id, "Routing rule"));
  return new Response(null, { status: 204 });
});
