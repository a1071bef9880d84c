import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import { DEFAULT_FISCAL_YEAR_START_MONTH } from "./fiscal.ts";

export const FISCAL_YEAR_START_KEY = "fiscal_year_start_month";

/**
 * The month (1-12) the fiscal year starts in. Not secret and the same for everyone, so any
 * signed-in screen may read it; a missing or unreadable value means the default (February).
 */
export async function fiscalYearStartMonth(client: Tx | typeof db = db): Promise<number> {
  const setting = await client.appSetting.findUnique({ where: { key: FISCAL_YEAR_START_KEY }, select: { value: true } });
  const month = Number(setting?.value);
  return Number.isInteger(month) && month >= 1 && month <= 12 ? month : DEFAULT_FISCAL_YEAR_START_MONTH;
}
