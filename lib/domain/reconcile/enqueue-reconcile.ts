import "server-only";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { enqueue } from "@/lib/jobs/queue.ts";
import type { ReconcileInput } from "./schemas.ts";

/** Queues a reconcile to run on the job worker as this actor; authorized now and again when it runs. */
export async function enqueueReconcile(context: ActorContext, input: ReconcileInput): Promise<{ jobId: string }> {
  authorize(context.actor, "reconcile.run");
  const job = await enqueue("reconcile", {
    dryRun: input.dryRun,
    actorId: context.actor.id,
    trigger: context.source === "ui" ? "ui" : "api",
    ...(input.accountIds ? { accountIds: input.accountIds } : {}),
  });
  return { jobId: job.id };
}
