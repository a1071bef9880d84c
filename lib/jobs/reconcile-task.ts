import type { Task } from "graphile-worker";
import { loadActor } from "@/lib/auth/actor.ts";
import { reconcileCsm, SYSTEM } from "@/lib/domain/reconcile/reconcile-csm.ts";
import { reconcileTriggers, type ReconcileTrigger } from "@/lib/domain/reconcile/schemas.ts";

type ReconcilePayload = {
  dryRun?: boolean;
  actorId?: string | null;
  trigger?: ReconcileTrigger;
  accountIds?: string[];
  _cron?: unknown;
};

/**
 * Runs reconcile from the queue: the daily schedule (as the system, trigger "schedule"), or a run
 * someone asked for with `async: true` (as that person, re-checked now: they may have lost the
 * right since they asked).
 */
export const reconcileTask: Task = async (rawPayload, helpers) => {
  const payload = (rawPayload ?? {}) as ReconcilePayload;
  const dryRun = payload.dryRun === true;
  const accountIds = Array.isArray(payload.accountIds) ? payload.accountIds : undefined;
  if (payload._cron !== undefined || !payload.actorId) {
    const result = await reconcileCsm(SYSTEM, { dryRun, trigger: "schedule", accountIds });
    helpers.logger.info(`reconcile: checked ${result.checked}, mismatches ${result.mismatchCount}, repaired ${result.repaired}`);
    return;
  }
  const actor = await loadActor(payload.actorId);
  if (!actor) {
    helpers.logger.warn(`reconcile job ${helpers.job.id}: the user who queued it is no longer active; skipped`);
    return;
  }
  const trigger = payload.trigger && reconcileTriggers.includes(payload.trigger) ? payload.trigger : "api";
  await reconcileCsm({ actor, source: "api" }, { dryRun, trigger, accountIds });
};
