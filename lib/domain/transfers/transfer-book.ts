import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { setRoleHolders } from "@/lib/domain/accounts/set-role-holders.ts";
import { lockAccountsTopDown } from "@/lib/domain/accounts/lock-account.ts";
import { reasonOf } from "@/lib/domain/audit/schemas.ts";
import { movePreview } from "@/lib/domain/accounts/move-preview.ts";
import { invalidFields } from "@/lib/errors/domain-error.ts";
import { assertEligible } from "@/lib/domain/roles/assert-eligible.ts";
import { applyCsm } from "@/lib/domain/stamping/apply-csm.ts";
import { findHeirs } from "@/lib/domain/stamping/cascade-csm.ts";
import { STAMPING_TX } from "@/lib/domain/stamping/transaction.ts";
import type { TransferBookInput, TransferBookResult } from "./schemas.ts";

/** Thrown to roll a dry run back once it has counted everything, so it reports exactly what a real run would do. */
class DryRun extends Error {
  constructor(readonly result: TransferBookResult) {
    super("dry run");
  }
}

function bookOf(tx: Tx, input: TransferBookInput, within?: string[]) {
  return tx.$queryRaw<{ id: string }[]>`
    SELECT a.id::text FROM account_role_assignments h JOIN accounts a ON a.id = h.account_id
    WHERE h.role_key = ${input.roleKey} AND h.user_id = ${input.fromUserId}::uuid
      ${input.segment ? Prisma.sql`AND a.segment = ${input.segment}` : Prisma.empty}
      ${input.region ? Prisma.sql`AND a.region = ${input.region}` : Prisma.empty}
      ${within ? Prisma.sql`AND a.id = ANY(${within}::uuid[])` : Prisma.empty}`;
}

/**
 * `POST /transfers`: moves a holder's whole book (optionally one segment/region) to another user,
 * in one transaction and one audit batch. For `csm` every moved account's open opportunities are
 * stamped and inheriting descendants follow — the same code path as a single reassignment, run
 * over the set at once.
 */
export async function transferBook(context: ActorContext, input: TransferBookInput): Promise<TransferBookResult> {
  authorize(context.actor, "transfers.run");
  try {
    return await db.$transaction((tx) => moveBook(tx, context, input), STAMPING_TX);
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    throw error;
  }
}

/**
 * The transfer itself, in the caller's transaction (a deactivation moves the leaver's books and
 * deactivates them in one). Callers have authorized it; a dry run throws DryRun to roll back.
 */
export async function moveBook(tx: Tx, { actor, source }: ActorContext, input: TransferBookInput): Promise<TransferBookResult> {
  if (input.fromUserId === input.toUserId) throw invalidFields({ toUserId: "Pick someone other than the current holder." });
  const role = await tx.accountRole.findUnique({ where: { key: input.roleKey }, select: { key: true } });
  if (!role) throw invalidFields({ roleKey: "No such role." });
  if (!(await tx.user.findUnique({ where: { id: input.fromUserId }, select: { id: true } }))) {
    throw invalidFields({ fromUserId: "No such user." });
  }
  await assertEligible(tx, role.key, input.toUserId);

  // Lock the book (and, for csm, the descendants that will follow) top-down in one go, then
  // read it again: an account reassigned while we waited is no longer in it.
  const candidates = (await bookOf(tx, input)).map((row) => row.id);
  const heirs = role.key === "csm" ? (await findHeirs(tx, candidates)).map((heir) => heir.id) : [];
  const locked = await lockAccountsTopDown(tx, [...candidates, ...heirs]);
  const book = (await bookOf(tx, input, locked)).map((row) => row.id);
  // Read before anything is written, so "before" is the receiving rep's load as it is now.
  const preview = input.dryRun
    ? await movePreview(tx, {
      roleKey: role.key, userId: input.toUserId, accountIds: book, includeOverridden: input.includeOverridden,
      heirs: role.key === "csm" ? (await findHeirs(tx, book)).map((heir) => heir.id) : [],
    })
    : undefined;

  const batchId = randomUUID();
  const reason = reasonOf(input.reason);
  const changes = book.map((accountId) => ({ accountId, userId: input.toUserId }));
  let result: TransferBookResult;
  if (role.key === "csm") {
    const moved = await applyCsm(tx, changes, {
      actorId: actor.id, source, batchId, includeOverridden: input.includeOverridden ?? false, reason,
    });
    result = {
      accounts: moved.accounts.length + moved.cascaded, cascadedAccounts: moved.cascaded,
      opportunities: moved.opportunities, skippedOverridden: moved.skippedOverridden, batchId,
    };
  } else {
    const moved = await setRoleHolders(tx, role.key, changes, { actorId: actor.id, source, batchId, reason });
    result = { accounts: moved.length, cascadedAccounts: 0, opportunities: 0, skippedOverridden: 0, batchId };
  }
  if (input.dryRun) throw new DryRun({ ...result, batchId: null, preview });
  return result;
}

