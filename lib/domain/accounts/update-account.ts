import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorizeOnAccount, can } from "@/lib/auth/permissions.ts";
import { holderRights } from "@/lib/domain/roles/holder-rights.ts";
import { type AuditChange, recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, invalidFields, isUniqueViolation, notFound } from "@/lib/errors/domain-error.ts";
import { STAMPING_TX } from "@/lib/domain/stamping/transaction.ts";
import { assertExternalIdFree, externalIdTaken } from "./external-id.ts";
import { inheritParentCsm, lockParentForInheritance } from "./inherit-csm.ts";
import { canonicalSpelling } from "./picklists.ts";
import { lockAccount } from "./lock-account.ts";
import { loadAccountView } from "./queries.ts";
import type { AccountView, UpdateAccountInput } from "./schemas.ts";
import { fieldDefinitions } from "@/lib/domain/account-fields/queries.ts";
import { assertMayWrite, parseFieldValues, writeFieldValues } from "@/lib/domain/account-fields/write-field-values.ts";

const cycle = () => new DomainError("invalid_transition", "An account cannot be placed under itself or one of its own children.");

/** Refuses a parent that does not exist, or that would put the account under itself. */
async function assertParentAllowed(tx: Tx, accountId: string, parentId: string): Promise<void> {
  const [chain] = await tx.$queryRaw<{ hit: boolean | null }[]>`
    WITH RECURSIVE chain AS (
      SELECT id, parent_id, 1 AS depth FROM accounts WHERE id = ${parentId}::uuid
      UNION ALL
      SELECT a.id, a.parent_id, c.depth + 1 FROM accounts a JOIN chain c ON a.id = c.parent_id WHERE c.depth < 1000
    ) SELECT bool_or(id = ${accountId}::uuid) AS hit FROM chain`;
  if (chain?.hit === null || chain?.hit === undefined) throw invalidFields({ parentId: "No such account." });
  if (chain.hit) throw cycle();
}

const money = (value: { toFixed(digits: number): string } | number | null | undefined) =>
  value === null || value === undefined ? null : value.toFixed(2);

/**
 * Record keepers edit any account; a holder whose role allows it edits the details of the accounts
 * they hold, but not what ties the account to the CRM and the hierarchy (its CRM id, its parent).
 */
async function authorizeAccountEdit(tx: Tx, actor: ActorContext["actor"], id: string, input: UpdateAccountInput) {
  if (can(actor.profile, "accounts.write")) return;
  authorizeOnAccount(actor, "accounts.write", await holderRights(tx, actor.id, id));
  if (input.externalId !== undefined || input.parentId !== undefined) {
    throw new DomainError("forbidden", "Only sales ops change an account's CRM id or parent.");
  }
}

/**
 * `PATCH /accounts/{id}`. `version`, when given, must be the current one (else 409): every change
 * bumps it. When the account comes to inherit its CSM (a new parent, or inheritance switched to
 * "parent"), it takes the parent's CSM at once, passes it down and stamps its open opportunities.
 */
export async function updateAccount({ actor, source }: ActorContext, id: string, input: UpdateAccountInput): Promise<AccountView> {
  if (input.parentId === id) throw cycle();
  const values = input.fields ? parseFieldValues(await fieldDefinitions(), input.fields) : [];
  assertMayWrite(actor, source, values.map(({ field }) => field));
  try {
    return await db.$transaction(async (tx) => {
      await authorizeAccountEdit(tx, actor, id, input);
      const peek = await tx.account.findUnique({ where: { id }, select: { parentId: true, csmInheritance: true } });
      if (!peek) throw notFound("Account");
      const nextParent = input.parentId !== undefined ? input.parentId : peek.parentId;
      if (nextParent && (input.csmInheritance ?? peek.csmInheritance) === "parent") await lockParentForInheritance(tx, nextParent);
      await lockAccount(tx, id);
      const before = await tx.account.findUniqueOrThrow({ where: { id } });
      if (input.version !== undefined && input.version !== before.version) {
        throw new DomainError("conflict", "This account was changed by someone else; reload and try again.", {
          currentVersion: before.version,
        });
      }

      const after = {
        name: input.name ?? before.name,
        externalId: input.externalId !== undefined ? input.externalId : before.externalId,
        parentId: input.parentId !== undefined ? input.parentId : before.parentId,
        // Picklists: the spelling accounts already use, whatever the case typed (picklists.ts).
        segment: input.segment !== undefined ? ((await canonicalSpelling(tx, "segment", input.segment)) ?? null) : before.segment,
        region: input.region !== undefined ? ((await canonicalSpelling(tx, "region", input.region)) ?? null) : before.region,
        arr: input.arr !== undefined ? money(input.arr) : money(before.arr),
        csmInheritance: input.csmInheritance ?? before.csmInheritance,
      };
      const old = { ...before, arr: money(before.arr) };
      const fields = Object.keys(after) as (keyof typeof after)[];
      const changes: AuditChange[] = fields
        .filter((field) => after[field] !== old[field])
        .map((field) => ({ entityType: "account", entityId: id, field, from: old[field], to: after[field] }));
      const batchId = randomUUID();
      const fieldChanges = await writeFieldValues(tx, id, values, { actorId: actor.id, source, batchId });
      if (changes.length === 0) {
        if (fieldChanges.length) await tx.account.update({ where: { id }, data: { version: { increment: 1 }, updatedAt: new Date() } });
        return loadAccountView(tx, id);
      }

      if (after.parentId && after.parentId !== before.parentId) await assertParentAllowed(tx, id, after.parentId);
      if (after.externalId && after.externalId !== before.externalId) await assertExternalIdFree(tx, after.externalId, id);
      await tx.account.update({ where: { id }, data: { ...after, version: { increment: 1 }, updatedAt: new Date() } });
      await recordAudit(tx, { actorId: actor.id, source, batchId }, changes);

      const startsInheriting = after.parentId !== before.parentId || after.csmInheritance !== before.csmInheritance;
      if (after.parentId && after.csmInheritance === "parent" && startsInheriting) {
        await inheritParentCsm(tx, id, after.parentId, { actorId: actor.id, batchId });
      }
      return loadAccountView(tx, id);
    }, STAMPING_TX);
  } catch (error) {
    if (isUniqueViolation(error, "external_id")) throw externalIdTaken();
    throw error;
  }
}
