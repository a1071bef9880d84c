import { api, pathId, readJson } from "@/lib/http/api.ts";
import { setUserInput } from "@/lib/domain/opportunities/schemas.ts";
import { setPrimarySa } from "@/lib/domain/opportunities/set-primary-sa.ts";

export const PUT = api(async (context) => {
  const id = pathId(context.params.id, "Opportunity");
  const input = await readJson(context.request, setUserInput);
  return setPrimarySa(context, id, input.userId, input.reason);
});
