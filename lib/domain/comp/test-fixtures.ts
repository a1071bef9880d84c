import "server-only";
import { db } from "@/lib/db/client.ts";
import { unique } from "@/test/factories.ts";

/** Hand-built comp data: opportunities with explicit lifetimes, since comp reads history. */
export async function account(name = `Comp ${unique()}`) {
  return (await db.account.create({ data: { name }, select: { id: true } })).id;
}

export async function opportunity(
  accountId: string,
  fields: {
    name?: string; stage?: "closed_won" | "closed_lost" | "negotiation"; createdAt?: string; closedAt?: string;
    amount?: string; csmId?: string | null; primarySaId?: string | null; csmOverridden?: boolean; mergedIntoId?: string;
    supporting?: string[];
  } = {},
) {
  const stage = fields.stage ?? "closed_won";
  const created = await db.opportunity.create({
    data: {
      accountId,
      name: fields.name ?? `Opp ${unique()}`,
      stage,
      createdAt: new Date(fields.createdAt ?? "2000-01-01T00:00:00Z"),
      closedAt: stage === "negotiation" ? null : new Date(fields.closedAt ?? "2000-01-02T00:00:00Z"),
      amount: fields.amount,
      csmId: fields.csmId ?? null,
      primarySaId: fields.primarySaId ?? null,
      csmOverridden: fields.csmOverridden ?? false,
      mergedIntoId: fields.mergedIntoId,
    },
    select: { id: true },
  });
  if (fields.supporting?.length) {
    await db.opportunitySupportingSa.createMany({ data: fields.supporting.map((userId) => ({ opportunityId: created.id, userId })) });
  }
  return created.id;
}

export async function activity(userId: string, accountId: string, occurredAt: string, opportunityId?: string) {
  await db.activity.create({ data: { userId, accountId, opportunityId, occurredAt: new Date(occurredAt), type: "meeting" } });
}
