import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";

export const externalIdTaken = () =>
  new DomainError("conflict", "Another account already has this external id.", { fields: { externalId: "Already taken." } });

/** Checked up front for a clear answer; the unique index still decides a race. */
export async function assertExternalIdFree(tx: Tx, externalId: string, exceptId?: string): Promise<void> {
  const other = await tx.account.findUnique({ where: { externalId }, select: { id: true } });
  if (other && other.id !== exceptId) throw externalIdTaken();
}
