import { listCsqlRoutes, setCsqlRoute } from "@/lib/domain/csqls/routes.ts";
import { csqlRouteInput } from "@/lib/domain/csqls/schemas.ts";
import { api, readJson } from "@/lib/http/api.ts";

export const GET = api(async (context) => ({ items: await listCsqlRoutes(context) }));

export const PUT = api(async (context) => setCsqlRoute(context, await readJson(context.request, csqlRouteInput)));
