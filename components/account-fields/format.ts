// Display of account-field values, shared by the account page, the accounts table and team performance.
import type { AccountFieldView, FieldValue } from "@/lib/domain/account-fields/schemas.ts";
import { formatDate, formatMoney } from "@/lib/format/format.ts";

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });

export function formatFieldValue(field: Pick<AccountFieldView, "type">, value: FieldValue | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field.type === "number" && typeof value === "number") return number.format(value);
  if (field.type === "currency" && typeof value === "number") return formatMoney(value, { cents: true });
  if (field.type === "date" && typeof value === "string") return formatDate(value);
  if (field.type === "boolean") return value ? "Yes" : "No";
  return String(value);
}

export const TYPE_LABELS: Record<AccountFieldView["type"], string> = {
  text: "Text", number: "Number", currency: "Currency", date: "Date", boolean: "Yes/no", picklist: "Picklist",
};
