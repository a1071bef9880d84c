import { api, readJson } from "@/lib/http/api.ts";
import { updateMappingInput } from "@/lib/domain/salesforce/schemas.ts";
import { updateMapping } from "@/lib/domain/salesforce/update-mapping.ts";

export const PUT = api(async (context) => updateMapping(context, await readJson(context.request, updateMappingInput)));
