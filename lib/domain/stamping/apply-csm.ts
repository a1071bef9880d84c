import "server-only";
import type { AuditSource } from "@/lib/db/generated/enums.ts";
import type { Tx } from "@/lib/db/client.ts";
import { type HolderChange, setRoleHolders } from "@/lib/domain/accounts/set-role-holders.ts";
import { lockHeirs } from "./cascade-csm.ts";
import { stampOpenOpportunities } from "./stamp-open-opportunities.ts";

export type CsmMeta = {
  actorId: string | null;
  /** The source of the accounts' own change; heirs are audited as "cascade", opportunities as "stamp". */
  source: AuditSource;
  batchId: string;
  includeOverridden: boolean;
  reason?: string | null;
};

export type CsmResult = {
  /** Accounts given a new CSM directly. */
  accounts: string[];
  /** Inheriting descendants whose CSM followed. */
  cascaded: number;
  opportunities: number;
  skippedOverridden: number;
};

/**
 * The one way an account's CSM changes: set it on the accounts (already locked by the caller),
 * let every inheriting descendant follow, then stamp the open opportunities of all of them. Every
 * step is one set-based statement and every entry shares `batchId`. Heirs and opportunities are
 * synced even when the accounts' CSM did not change, which repairs any drift.
 */
export async function applyCsm(tx: Tx, changes: HolderChange[], meta: CsmMeta): Promise<CsmResult> {
  const audit = { actorId: meta.actorId, batchId: meta.batchId, reason: meta.reason };
  const accounts = await setRoleHolders(tx, "csm", changes, { ...audit, source: meta.source });
  const rootIds = changes.map((change) => change.accountId);
  const heirs = await lockHeirs(tx, rootIds);
  const cascaded = await setRoleHolders(
    tx, "csm", heirs.map((heir) => ({ accountId: heir.id, userId: heir.csmId })), { ...audit, source: "cascade" },
  );
  const stamped = await stampOpenOpportunities(tx, [...rootIds, ...heirs.map((heir) => heir.id)], {
    actorId: meta.actorId, batchId: meta.batchId, includeOverridden: meta.includeOverridden,
  });
  return { accounts, cascaded: cascaded.length, ...stamped };
}
