import { api, pathId } from "@/lib/http/api.ts";
import { diffCompApproval } from "@/lib/domain/comp/approval-queries.ts";

export const GET = api(async ({ actor, params }) => ({ items: await diffCompApproval(actor, pathId(params.id, "Comp approval")) }));
