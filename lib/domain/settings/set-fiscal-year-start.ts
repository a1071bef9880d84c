import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { FISCAL_YEAR_START_KEY } from "./queries.ts";
import type { FiscalYearStartInput } from "./schemas.ts";

/**
 * Admins set the month the fiscal year starts in. It changes how periods are named and cut
 * (quarters, President's Club years), never stored data: approvals keep their own dates.
 */
export async function setFiscalYearStartMonth({ actor }: ActorContext, input: FiscalYearStartInput): Promise<{ month: number }> {
  authorize(actor, "admin.open");
  const value = String(input.month);
  await db.appSetting.upsert({
    where: { key: FISCAL_YEAR_START_KEY },
    create: { key: FISCAL_YEAR_START_KEY, value },
    update: { value, updatedAt: new Date() },
  });
  return { month: input.month };
}
