import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { isUniqueViolation } from "@/lib/errors/domain-error.ts";
import { STAMPING_TX } from "@/lib/domain/stamping/transaction.ts";
import { externalIdTaken, assertExternalIdFree } from "./external-id.ts";
import { inheritParentCsm, lockParentForInheritance } from "./inherit-csm.ts";
import { canonicalPicklists } from "./picklists.ts";
import { loadAccountView } from "./queries.ts";
import type { AccountView, CreateAccountInput } from "./schemas.ts";
import { fieldDefinitions } from "@/lib/domain/account-fields/queries.ts";
import { assertMayWrite, parseFieldValues, writeFieldValues } from "@/lib/domain/account-fields/write-field-values.ts";

export async function createAccount({ actor, source }: ActorContext, given: CreateAccountInput): Promise<AccountView> {
  authorize(actor, "accounts.write");
  let input = given;
  const values = input.fields ? parseFieldValues(await fieldDefinitions(), input.fields) : [];
  assertMayWrite(actor, source, values.map(({ field }) => field));
  try {
    return await db.$transaction(async (tx) => {
      input = await canonicalPicklists(tx, given);
      if (input.parentId) await lockParentForInheritance(tx, input.parentId);
      if (input.externalId) await assertExternalIdFree(tx, input.externalId);
      const account = await tx.account.create({
        data: {
          name: input.name,
          externalId: input.externalId ?? null,
          parentId: input.parentId ?? null,
          segment: input.segment ?? null,
          region: input.region ?? null,
          arr: input.arr == null ? null : input.arr.toFixed(2),
          csmInheritance: input.csmInheritance ?? "none",
        },
        select: { id: true, parentId: true, csmInheritance: true },
      });
      const batchId = randomUUID();
      await recordAudit(tx, { actorId: actor.id, source, batchId }, [
        { entityType: "account", entityId: account.id, field: "created", from: null, to: input.name },
        ...(["externalId", "parentId", "segment", "region", "csmInheritance"] as const).map((field) => ({
          entityType: "account" as const, entityId: account.id, field, from: null, to: input[field],
        })),
        { entityType: "account", entityId: account.id, field: "arr", from: null, to: input.arr == null ? null : input.arr.toFixed(2) },
      ]);
      await writeFieldValues(tx, account.id, values, { actorId: actor.id, source, batchId });
      if (account.parentId && account.csmInheritance === "parent") {
        await inheritParentCsm(tx, account.id, account.parentId, { actorId: actor.id, batchId });
      }
      return loadAccountView(tx, account.id);
    }, STAMPING_TX);
  } catch (error) {
    if (isUniqueViolation(error, "external_id")) throw externalIdTaken();
    throw error;
  }
}
