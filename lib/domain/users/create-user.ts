import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { hashPassword } from "@/lib/auth/password.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, invalidFields, isUniqueViolation } from "@/lib/errors/domain-error.ts";
// Registers the hook that turns pending assignments for this email into real ones.
import "@/lib/domain/assignments/register.ts";
import { STAMPING_TX } from "@/lib/domain/stamping/transaction.ts";
import { onUserCreated } from "./user-created-hooks.ts";
import { userSelect } from "./queries.ts";
import type { CreateUserInput, UserView } from "./schemas.ts";

export async function createUser({ actor, source }: ActorContext, input: CreateUserInput): Promise<UserView> {
  authorize(actor, "users.manage");
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await db.$transaction(async (tx) => {
      if (input.managerId && !(await tx.user.findUnique({ where: { id: input.managerId }, select: { id: true } }))) {
        throw invalidFields({ managerId: "No such user." });
      }
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          profile: input.profile,
          managerId: input.managerId ?? null,
          capacity: input.capacity ?? null,
          passwordHash,
        },
        select: userSelect,
      });
      await recordAudit(tx, { actorId: actor.id, source }, [
        { entityType: "user", entityId: user.id, field: "created", from: null, to: user.email },
        { entityType: "user", entityId: user.id, field: "profile", from: null, to: user.profile },
      ]);
      await onUserCreated(tx, { actor, source }, user);
      return user;
    }, STAMPING_TX); // pending CSM assignments resolved here may stamp large accounts
  } catch (error) {
    if (isUniqueViolation(error, "users_email_lower_key")) {
      throw new DomainError("conflict", "A user with this email already exists.", { fields: { email: "Already taken." } });
    }
    throw error;
  }
}
