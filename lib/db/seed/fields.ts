import "server-only";
import type { SeedAccount } from "./accounts.ts";
import { RowWriter } from "./copy.ts";
import type { Rng } from "./random.ts";

export const FIELD_VALUE_COLUMNS = ["account_id", "field_key", "num", "text", "date", "bool"] as const;

export const STAGES = ["onboarding", "adoption", "renewal", "at risk"] as const;
const STAGE_SHARES = [0.15, 0.5, 0.2, 0.15];

/** The demo org's account fields: what a CS team manages by (issue 18). */
export const SEED_FIELDS = [
  { key: "health_score", label: "Health score", type: "number", owner: "roster", editableBy: ["csm", "csm_manager"], score: true, showInTable: true },
  { key: "nps", label: "NPS", type: "number", owner: "crm", editableBy: [], score: true, showInTable: true },
  { key: "csm_rating", label: "CSM rating", type: "number", owner: "roster", editableBy: ["csm_manager"], score: true, showInTable: false },
  { key: "lifecycle_stage", label: "Lifecycle stage", type: "picklist", options: [...STAGES], owner: "roster", editableBy: ["csm", "csm_manager"], score: false, showInTable: true },
  { key: "renewal_date", label: "Renewal date", type: "date", owner: "crm", editableBy: [], score: false, showInTable: true },
] as const;

const DAY = 86_400_000;

/**
 * One row per account and field that has a value: a lifecycle stage for every account, and a
 * health score (0–100, lower for accounts at risk), NPS (−100..100), CSM rating (1–5) and renewal
 * date (within the next year) for most. Plain loops over the rng, a few hundred ns per row, so 100k
 * accounts add well under a second.
 */
export function fieldValueRows(rng: Rng, accounts: SeedAccount[], asOf: number): RowWriter {
  const rows = new RowWriter();
  for (const account of accounts) {
    const stage = rng.weighted(STAGES, STAGE_SHARES);
    const atRisk = stage === "at risk";
    rows.plain(account.id).plain("lifecycle_stage").nul().text(stage).nul().nul().end();
    if (rng.chance(0.92)) {
      const health = Math.max(0, Math.min(100, Math.round(atRisk ? rng.between(5, 55) : rng.between(40, 100))));
      rows.plain(account.id).plain("health_score").int(health).nul().nul().nul().end();
    }
    if (rng.chance(0.7)) {
      const nps = Math.max(-100, Math.min(100, Math.round(atRisk ? rng.between(-100, 20) : rng.between(-40, 100))));
      rows.plain(account.id).plain("nps").int(nps).nul().nul().nul().end();
    }
    if (rng.chance(0.85)) rows.plain(account.id).plain("csm_rating").int(atRisk ? rng.int(1, 3) : rng.int(2, 5)).nul().nul().nul().end();
    if (rng.chance(0.95)) rows.plain(account.id).plain("renewal_date").nul().nul().date(asOf + rng.int(1, 365) * DAY).nul().end();
  }
  return rows;
}
