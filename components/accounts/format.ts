// Display helpers shared by the account screens (server and client).

const money = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const moneyExact = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat("en-US");

/** ARR in whole units for tables ("1,200,000"); exact cents where the number is the point. */
export const formatArr = (value: number | null, exact = false) => (value === null ? "—" : (exact ? moneyExact : money).format(value));
export const formatCount = (value: number) => count.format(value);
export const plural = (n: number, one: string, many = `${one}s`) => `${count.format(n)} ${n === 1 ? one : many}`;

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
