import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, isUniqueViolation } from "@/lib/errors/domain-error.ts";
import { toFieldView } from "./queries.ts";
import type { AccountFieldView, CreateAccountFieldInput } from "./schemas.ts";

export const labelTaken = () => new DomainError("conflict", "Another field has this label.", { fields: { label: "Already taken." } });

/** Admin → Account fields: a new field goes last unless an order is given. */
export async function createAccountField({ actor, source }: ActorContext, input: CreateAccountFieldInput): Promise<AccountFieldView> {
  authorize(actor, "accountFields.manage");
  try {
    return await db.$transaction(async (tx) => {
      const last = await tx.accountField.aggregate({ _max: { sortOrder: true } });
      const row = await tx.accountField.create({
        data: {
          key: input.key,
          label: input.label,
          type: input.type,
          options: input.type === "picklist" ? (input.options ?? []) : [],
          owner: input.owner,
          editableBy: [...new Set(input.editableBy)],
          score: input.score,
          showInTable: input.showInTable,
          sortOrder: input.order ?? (last._max.sortOrder ?? 0) + 10,
        },
      });
      await recordAudit(tx, { actorId: actor.id, source }, [
        { entityType: "account_field", entityId: row.key, field: "created", from: null, to: `${row.label} (${row.type}, ${row.owner})` },
      ]);
      return toFieldView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error, "label")) throw labelTaken();
    if (isUniqueViolation(error)) {
      throw new DomainError("conflict", `A field with key "${input.key}" already exists.`, { fields: { key: "Already taken." } });
    }
    throw error;
  }
}
