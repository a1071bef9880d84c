import { api, pathId } from "@/lib/http/api.ts";
import { getCompApproval } from "@/lib/domain/comp/approval-queries.ts";

export const GET = api(async ({ actor, params }) => getCompApproval(actor, pathId(params.id, "Comp approval")));
