// Shared by the CSQL pages (server) and their client pieces: nothing here may import server code.
import type { CsqlKind, CsqlStatus } from "@/lib/domain/csqls/schemas.ts";

export const KIND_OPTIONS: [CsqlKind, string][] = [
  ["expansion", "Expansion"], ["renewal", "Renewal"], ["cross_sell", "Cross-sell"], ["new_logo", "New logo"],
];
export const STATUS_OPTIONS: [CsqlStatus, string][] = [
  ["new", "New"], ["accepted", "Accepted"], ["converted", "Converted"], ["rejected", "Rejected"],
];
export const kindLabel = (kind: CsqlKind) => KIND_OPTIONS.find(([key]) => key === kind)?.[1] ?? kind;
export const statusLabel = (status: CsqlStatus) => STATUS_OPTIONS.find(([key]) => key === status)?.[1] ?? status;
export const STATUS_BADGE: Record<CsqlStatus, string> = { new: "brand", accepted: "", converted: "ok", rejected: "warn" };

const money = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
export const formatAmount = (value: number | null) => (value === null ? "—" : money.format(value));
const day = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
export const formatDay = (iso: string) => day.format(new Date(iso));
