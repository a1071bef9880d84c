import "server-only";
import type { CsvValue } from "@/lib/csv/safe-csv.ts";
import type { TeamPerformance } from "./schemas.ts";

/** The page's table as CSV: one row per person, a column per score and per picklist option. */
export function teamPerformanceCsv(result: TeamPerformance): { header: string[]; rows: CsvValue[][] } {
  const options = result.picklists.flatMap((picklist) => picklist.options.map((option) => ({ key: picklist.key, option })));
  const header = [
    "user_id", "name", "email", "accounts", "arr", "mrr",
    ...result.scoreFields.map((field) => `avg_${field.key}`),
    ...options.map(({ key, option }) => `${key}: ${option}`),
  ];
  const rows = result.items.map((item): CsvValue[] => [
    item.user.id, item.user.name, item.user.email, item.accounts, item.arr, item.mrr,
    ...result.scoreFields.map((field) => item.scores[field.key]),
    ...options.map(({ key, option }) => item.counts[key]?.[option] ?? 0),
  ]);
  return { header, rows };
}
