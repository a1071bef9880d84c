import "server-only";
import { Prisma } from "@/lib/db/generated/client.ts";

/**
 * A plan's line for one changed field, "ARR 70,000 → 72,500", so people see what a row does
 * before they apply it ("Changes ARR" made them open the record to find out). SQL, because the
 * plan is one statement over the staged rows.
 */
export const change = (label: string, from: Prisma.Sql, to: Prisma.Sql) =>
  Prisma.sql`format(${`${label} %s → %s`}::text, coalesce((${from})::text, 'empty'), coalesce((${to})::text, 'empty'))`;

/** 70000 → "70,000"; 72500.5 → "72,500.50". */
export const money = (value: Prisma.Sql) => Prisma.sql`CASE WHEN ${value} = trunc(${value})
  THEN to_char(${value}, 'FM999,999,999,999,990') ELSE to_char(${value}, 'FM999,999,999,999,990.00') END`;
