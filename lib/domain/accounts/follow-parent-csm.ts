import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import type { Actor, ActorContext } from "@/lib/auth/actor.ts";
import { canSetCsmInheritance } from "@/lib/auth/permissions.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { reasonOf, reasonSchema } from "@/lib/domain/audit/schemas.ts";
import { holderRights } from "@/lib/domain/roles/holder-rights.ts";
import { STAMPING_TX } from "@/lib/domain/stamping/transaction.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";
import { type AssignmentImpact, assignmentImpact } from "./assignment-impact.ts";
import { inheritParentCsm, lockParentForInheritance } from "./inherit-csm.ts";
import { lockAccount, roleHolderId } from "./lock-account.ts";

export const followParentCsmInput = z.object({
  follows: z.boolean(),
  reason: reasonSchema,
  /** The account's version the person saw; another change since is a conflict (409). */
  version: z.number().int().optional(),
});
export type FollowParentCsmInput = z.infer<typeof followParentCsmInput>;

export type FollowParentCsmResult = {
  follows: boolean;
  /** Whether the account's CSM changed (it takes the parent's when it starts following). */
  csmChanged: boolean;
  opportunities: number;
  skippedOverridden: number;
  cascaded: number;
  version: number;
};

const forbidden = () => new DomainError("forbidden", "Your profile may not change whom this account's CSM follows.");
const noParent = () =>
  new DomainError("invalid_request", "Only a child account can follow its parent's CSM.", { fields: { follows: "This account has no parent." } });

async function authorizeSwitch(client: Parameters<typeof holderRights>[0], actor: Actor, accountId: string) {
  if (!canSetCsmInheritance(actor, await holderRights(client, actor.id, accountId))) throw forbidden();
}

/**
 * Switches whether a child account's CSM follows its parent's. Switched on, the account takes the
 * parent's CSM at once, passes it to its own inheriting children and stamps their open
 * opportunities (as a CSM change does; overridden ones keep theirs); switched off, it keeps the
 * CSM it has and stops following. One transaction, one audit batch, the reason on every entry.
 */
export async function setFollowsParentCsm({ actor, source }: ActorContext, accountId: string, input: FollowParentCsmInput): Promise<FollowParentCsmResult> {
  return db.$transaction(async (tx) => {
    await authorizeSwitch(tx, actor, accountId);
    const peek = await tx.account.findUnique({ where: { id: accountId }, select: { parentId: true } });
    if (!peek) throw notFound("Account");
    if (!peek.parentId) throw noParent();
    // Ancestors first, as everywhere: the parent's CSM cannot change under us while we copy it.
    if (input.follows) await lockParentForInheritance(tx, peek.parentId);
    await lockAccount(tx, accountId);
    const before = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { parentId: true, csmInheritance: true, version: true } });
    if (before.parentId !== peek.parentId || (input.version !== undefined && input.version !== before.version)) {
      throw new DomainError("conflict", "This account was changed by someone else; reload and try again.", { currentVersion: before.version });
    }
    const next = input.follows ? "parent" : "none";
    const unchanged = { follows: input.follows, csmChanged: false, opportunities: 0, skippedOverridden: 0, cascaded: 0, version: before.version };
    if (before.csmInheritance === next) return unchanged;

    const batchId = randomUUID();
    const reason = reasonOf(input.reason);
    const csmBefore = await roleHolderId(tx, accountId, "csm");
    const { version } = await tx.account.update({
      where: { id: accountId }, data: { csmInheritance: next, version: { increment: 1 }, updatedAt: new Date() }, select: { version: true },
    });
    await recordAudit(tx, { actorId: actor.id, source, batchId, reason }, [
      { entityType: "account", entityId: accountId, field: "csmInheritance", from: before.csmInheritance, to: next },
    ]);
    if (!input.follows) return { ...unchanged, follows: false, version };
    const followed = await inheritParentCsm(tx, accountId, before.parentId!, { actorId: actor.id, batchId, reason });
    return {
      follows: true, csmChanged: csmBefore !== (await roleHolderId(tx, accountId, "csm")), version,
      opportunities: followed.opportunities, skippedOverridden: followed.skippedOverridden, cascaded: followed.cascaded,
    };
  }, STAMPING_TX);
}

export type FollowParentCsmPreview = {
  parent: { id: string; name: string };
  parentCsm: { id: string; name: string } | null;
  currentCsm: { id: string; name: string } | null;
  /** Switching on gives the account another CSM (the parent's, or none): confirm first. */
  changesCsm: boolean;
  /** When it does: the receiving CSM's load, the accounts and opportunities that change. */
  impact: AssignmentImpact | null;
};

/** What switching "follows parent's CSM" on would do, read before it is confirmed. */
export async function followParentCsmPreview(actor: Actor, accountId: string): Promise<FollowParentCsmPreview> {
  await authorizeSwitch(db, actor, accountId);
  const account = await db.account.findUnique({
    where: { id: accountId },
    select: {
      parent: { select: { id: true, name: true, assignments: { where: { roleKey: "csm" }, select: { user: { select: { id: true, name: true } } } } } },
      assignments: { where: { roleKey: "csm" }, select: { user: { select: { id: true, name: true } } } },
    },
  });
  if (!account) throw notFound("Account");
  if (!account.parent) throw noParent();
  const parentCsm = account.parent.assignments[0]?.user ?? null;
  const currentCsm = account.assignments[0]?.user ?? null;
  const changesCsm = parentCsm?.id !== currentCsm?.id;
  return {
    parent: { id: account.parent.id, name: account.parent.name }, parentCsm, currentCsm, changesCsm,
    impact: changesCsm ? await assignmentImpact(actor, { accountIds: [accountId], roleKey: "csm", userId: parentCsm?.id ?? null }) : null,
  };
}
