import type { Task } from "graphile-worker";
import { runCatch } from "@/lib/domain/salesforce/run-catch.ts";
import { runInbound } from "@/lib/domain/salesforce/run-inbound.ts";
import { runOutbound } from "@/lib/domain/salesforce/run-outbound.ts";
import { salesforceConfig } from "@/lib/domain/salesforce/config.ts";

type Payload = { direction?: "inbound" | "outbound" | "both"; full?: boolean };

/**
 * Every minute (and on "run now"): Salesforce's changes in, then Roster's coverage out — inbound
 * first, so a new Salesforce opportunity's stamp goes out in the same run. Nothing when the
 * connector is off. A failed run is recorded (Admin → Salesforce) and the next minute tries again.
 */
export const salesforceTask: Task = async (payload) => {
  if (!salesforceConfig()) return;
  const { direction = "both", full = false } = (payload ?? {}) as Payload;
  let failure: unknown = null;
  if (direction !== "outbound") await runInbound({ full }).catch((error) => { failure = error; });
  if (direction !== "inbound") await runOutbound().catch((error) => { failure ??= error; });
  if (failure) console.error(`[roster worker] Salesforce sync run failed: ${(failure as Error).message}`);
};

/** Daily: compare every mapped field with Roster and repair what drifted (the old nightly catch job). */
export const salesforceCatchTask: Task = async () => {
  if (!salesforceConfig()) return;
  const report = await runCatch({ dryRun: false });
  if (report.differenceCount > 0) console.error(`[roster worker] Salesforce catch repaired ${report.repaired} of ${report.differenceCount} differences`);
};
