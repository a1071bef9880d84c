// Display helpers shared by the account screens (server and client); numbers, money and dates
// come from the one formatter (lib/format/format.ts).
import { formatCount, formatMoney, plural } from "@/lib/format/format.ts";

export { formatCount, plural };
const count = { format: formatCount };

/** ARR with its symbol ("$1,200,000"); always to the cent where the number is the point. */
export const formatArr = (value: number | null, exact = false) => formatMoney(value, { cents: exact });

/** "24/30 accounts", or "24 accounts" for someone without a target. */
export function loadLabel(accounts: number, capacity: number | null): string {
  return capacity === null ? plural(accounts, "account") : `${count.format(accounts)}/${count.format(capacity)} accounts`;
}

/** Short names people use for the built-in roles; custom roles go by their label. */
export function roleName(role: { key: string; label: string }): string {
  return role.key === "csm" ? "CSM" : role.key === "sa" ? "SA" : role.label;
}

export type RoleOption = { key: string; label: string; stamping: "open_opportunities" | "new_opportunities" | "none" };
export type PersonOption = { id: string; name: string };
