import "server-only";
import { formatDate, plural } from "@/lib/format/format.ts";
import type { CompFlag } from "./schemas.ts";

const FLAG_PHRASES: Record<CompFlag, [string, string]> = {
  missing_csm: ["opportunity without a CSM", "opportunities without a CSM"],
  missing_primary_sa: ["opportunity without a primary SA", "opportunities without a primary SA"],
  supporting_sa_activity: ["possible dispute (supporting SA activity)", "possible disputes (supporting SA activity)"],
  csm_overridden: ["overridden CSM", "overridden CSMs"],
};

/**
 * What an approver should know before freezing a period (issue 21): flags still raised on its
 * deals, and a period that has not ended, whose later closings the approval will not hold. A
 * warning, not a refusal: approving early or with a known dispute can be the right call.
 */
export function approvalWarnings(period: { to: string }, flagCounts: Record<CompFlag, number>, today: Date = new Date()): string[] {
  const warnings: string[] = [];
  if (period.to >= today.toISOString().slice(0, 10)) {
    warnings.push(`This period has not ended yet (its last day is ${formatDate(period.to)}): deals that close later in it are not in this approval.`);
  }
  const raised = (Object.keys(FLAG_PHRASES) as CompFlag[])
    .filter((flag) => (flagCounts[flag] ?? 0) > 0)
    .map((flag) => plural(flagCounts[flag], ...FLAG_PHRASES[flag]));
  if (raised.length > 0) warnings.push(`Flags still open: ${raised.join(", ")}. They are frozen as they are.`);
  return warnings;
}
