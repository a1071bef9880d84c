import { api, pathId } from "@/lib/http/api.ts";
import { removeSupportingSa } from "@/lib/domain/opportunities/remove-supporting-sa.ts";

export const DELETE = api(async (context) =>
  removeSupportingSa(context, pathId(context.params.id, "Opportunity"), pathId(context.params.userId, "User")),
);
