import "server-only";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { runCatch } from "./run-catch.ts";
import type { CatchInput, CatchReport } from "./schemas.ts";

/** POST /sync/salesforce/catch: the mapped fields that differ, repaired unless a dry run. */
export async function catchDifferences({ actor }: ActorContext, input: CatchInput): Promise<CatchReport> {
  authorize(actor, "salesforce.run");
  return runCatch({ dryRun: input.dryRun });
}
