import "server-only";
import type { AuditSource } from "@/lib/db/generated/enums.ts";
import type { Tx } from "@/lib/db/client.ts";
import { type HolderChange, setRoleHolders } from "@/lib/domain/accounts/set-role-holders.ts";
import { type AccountSet, joinAccountSets } from "@/lib/domain/accounts/account-set.ts";
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

export type FollowResult = { cascaded: number; opportunities: number; skippedOverridden: number };

/**
 * What follows an account's CSM, once it is set on `roots` (locked by the caller): every
 * inheriting descendant takes it, then the open opportunities of all of them are stamped. Heirs
 * and opportunities are synced even when a root's CSM did not change, which repairs any drift.
 */
export async function followCsm(tx: Tx, roots: AccountSet, meta: CsmMeta): Promise<FollowResult> {
  const audit = { actorId: meta.actorId, batchId: meta.batchId, reason: meta.reason };
  const heirs = await lockHeirs(tx, roots);
  const cascaded = await setRoleHolders(
    tx, "csm", heirs.map((heir) => ({ accountId: heir.id, userId: heir.csmId })), { ...audit, source: "cascade" },
  );
  const stamped = await stampOpenOpportunities(tx, joinAccountSets(roots, heirs.map((heir) => heir.id)), {
    actorId: meta.actorId, batchId: meta.batchId, includeOverridden: meta.includeOverridden, reason: meta.reason,
  });
  return { cascaded: cascaded.length, ...stamped };
}

/**
 * The one way an account's CSM changes: set it on the accounts (already locked by the caller),
 * then let it follow (followCsm). Every step is one set-based statement and every entry shares
 * `batchId`.
 */
export async function applyCsm(tx: Tx, changes: HolderChange[], meta: CsmMeta): Promise<CsmResult> {
  const accounts = await setRoleHolders(tx, "csm", changes, {
    actorId: meta.actorId, batchId: meta.batchId, reason: meta.reason, source: meta.source,
  });
  return { accounts, ...(await followCsm(tx, changes.map((change) => change.accountId), meta)) };
}
