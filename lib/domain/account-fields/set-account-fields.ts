import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { lockAccount } from "@/lib/domain/accounts/lock-account.ts";
import { loadAccountView } from "@/lib/domain/accounts/queries.ts";
import type { AccountView } from "@/lib/domain/accounts/schemas.ts";
import { fieldDefinitions } from "./queries.ts";
import type { SetAccountFieldsInput } from "./schemas.ts";
import { assertMayWrite, parseFieldValues, writeFieldValues } from "./write-field-values.ts";

/**
 * The account page's field editor and `PATCH /accounts/{id}/fields`: any profile may call it, and
 * each field decides (crm-owned, editableBy). `version`, when given, must be current (else 409);
 * a change bumps it, as every account change does.
 */
export async function setAccountFields({ actor, source }: ActorContext, accountId: string, input: SetAccountFieldsInput): Promise<AccountView> {
  authorize(actor, "accountFields.edit");
  const definitions = await fieldDefinitions();
  const values = parseFieldValues(definitions, input.fields);
  assertMayWrite(actor, source, values.map(({ field }) => field));
  return db.$transaction(async (tx) => {
    const account = await lockAccount(tx, accountId);
    if (input.version !== undefined && input.version !== account.version) {
      throw new DomainError("conflict", "This account was changed by someone else; reload and try again.", { currentVersion: account.version });
    }
    const changes = await writeFieldValues(tx, accountId, values, { actorId: actor.id, source, batchId: randomUUID() });
    if (changes.length) await tx.account.update({ where: { id: accountId }, data: { version: { increment: 1 }, updatedAt: new Date() } });
    return loadAccountView(tx, accountId);
  });
}
