import { api, readJson } from "@/lib/http/api.ts";
import { enqueueReconcile } from "@/lib/domain/reconcile/enqueue-reconcile.ts";
import { reconcileCsm } from "@/lib/domain/reconcile/reconcile-csm.ts";
import { reconcileInput } from "@/lib/domain/reconcile/schemas.ts";

export const POST = api(async (context) => {
  const input = await readJson(context.request, reconcileInput);
  if (input.async) return Response.json(await enqueueReconcile(context, input), { status: 202 });
  return reconcileCsm(context, { dryRun: input.dryRun, trigger: "api", accountIds: input.accountIds });
});
