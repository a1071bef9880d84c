import { api, created, readJson, readQuery } from "@/lib/http/api.ts";
import { approveCompPeriod } from "@/lib/domain/comp/approve-comp-period.ts";
import { listCompApprovals } from "@/lib/domain/comp/approval-queries.ts";
import { compPeriodInput, listCompApprovalsQuery } from "@/lib/domain/comp/schemas.ts";

export const GET = api(async ({ actor, request }) => ({ items: await listCompApprovals(actor, readQuery(request, listCompApprovalsQuery)) }));

export const POST = api(async (context) => created(await approveCompPeriod(context, await readJson(context.request, compPeriodInput))));
