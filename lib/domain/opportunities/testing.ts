import "server-only";
import { db } from "@/lib/db/client.ts";
import { unique } from "@/test/factories.ts";

/**
 * Test data written straight to the tables, so these tests depend on nothing but the data model
 * (the accounts module has its own use cases and tests).
 */
export async function makeAccountWithTeam(team: { csmId?: string | null; saId?: string | null } = {}) {
  const account = await db.account.create({ data: { name: `Account ${unique()}` }, select: { id: true, name: true } });
  await setHolder(account.id, "csm", team.csmId ?? null);
  await setHolder(account.id, "sa", team.saId ?? null);
  return account;
}

export async function setHolder(accountId: string, roleKey: string, userId: string | null) {
  if (userId === null) {
    await db.accountRoleAssignment.deleteMany({ where: { accountId, roleKey } });
    return;
  }
  await db.accountRoleAssignment.upsert({
    where: { accountId_roleKey: { accountId, roleKey } },
    create: { accountId, roleKey, userId },
    update: { userId },
  });
}

/** An opportunity row as-is, e.g. with a lifetime in the past, which the API cannot create. */
export async function insertOpportunity(data: {
  accountId: string; name?: string; stage?: "prospecting" | "closed_won" | "closed_lost";
  createdAt?: Date; closedAt?: Date | null; closeDate?: string | null; mergedIntoId?: string | null;
  csmId?: string | null; primarySaId?: string | null;
}) {
  const closed = data.stage === "closed_won" || data.stage === "closed_lost";
  return db.opportunity.create({
    data: {
      accountId: data.accountId,
      name: data.name ?? `Opportunity ${unique()}`,
      stage: data.stage ?? "prospecting",
      createdAt: data.createdAt ?? new Date(),
      closedAt: closed ? (data.closedAt ?? new Date()) : null,
      closeDate: data.closeDate ? new Date(`${data.closeDate}T00:00:00Z`) : null,
      mergedIntoId: data.mergedIntoId ?? null,
      csmId: data.csmId ?? null,
      primarySaId: data.primarySaId ?? null,
    },
    select: { id: true, name: true },
  });
}

export const auditCount = (entityId: string) => db.auditEntry.count({ where: { entityType: "opportunity", entityId } });
