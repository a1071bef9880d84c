import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { invalidFields } from "@/lib/errors/domain-error.ts";
import { applyCsm } from "@/lib/domain/stamping/apply-csm.ts";
import { roleHolderId } from "./lock-account.ts";

/**
 * Share-locks the parent an account is about to inherit from, before the account itself is locked
 * (ancestors first, as everywhere). A CSM change on the parent then waits for us, or we for it, so
 * the child never keeps a CSM its parent no longer has.
 */
export async function lockParentForInheritance(tx: Tx, parentId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM accounts WHERE id = ${parentId}::uuid FOR SHARE`;
  if (rows.length === 0) throw invalidFields({ parentId: "No such account." });
}

/** An account that now inherits takes its parent's CSM, passes it to its own heirs, and stamps. */
export async function inheritParentCsm(tx: Tx, accountId: string, parentId: string, meta: { actorId: string; batchId: string; reason?: string | null }) {
  const parentCsm = await roleHolderId(tx, parentId, "csm");
  return applyCsm(tx, [{ accountId, userId: parentCsm }], { ...meta, source: "cascade", includeOverridden: false });
}
