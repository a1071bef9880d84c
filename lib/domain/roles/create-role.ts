import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, isUniqueViolation } from "@/lib/errors/domain-error.ts";
import type { CreateRoleInput, RoleView } from "./schemas.ts";

/** Custom roles stamp nothing: only the built-in CSM and SA roles flow onto opportunities. */
export async function createRole({ actor, source }: ActorContext, input: CreateRoleInput): Promise<RoleView> {
  authorize(actor, "roles.manage");
  try {
    return await db.$transaction(async (tx) => {
      const role = await tx.accountRole.create({
        data: { key: input.key, label: input.label, eligibleProfiles: [...new Set(input.eligibleProfiles)], stamping: "none" },
        select: { key: true, label: true, stamping: true, eligibleProfiles: true, builtIn: true },
      });
      await recordAudit(tx, { actorId: actor.id, source }, [
        { entityType: "role", entityId: role.key, field: "created", from: null, to: role.label },
      ]);
      return role;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("conflict", `A role with key "${input.key}" already exists.`, { fields: { key: "Already taken." } });
    }
    throw error;
  }
}
