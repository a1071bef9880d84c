// Shared by the CSQL pages (server) and their client pieces: nothing here may import server code.
import type { CsqlKind, CsqlStatus } from "@/lib/domain/csqls/schemas.ts";
import { formatDate, formatMoney } from "@/lib/format/format.ts";

export const KIND_OPTIONS: [CsqlKind, string][] = [
  ["expansion", "Expansion"], ["renewal", "Renewal"], ["cross_sell", "Cross-sell"], ["new_logo", "New logo"],
];
export const STATUS_OPTIONS: [CsqlStatus, string][] = [
  ["new", "New"], ["accepted", "Accepted"], ["converted", "Converted"], ["rejected", "Rejected"],
];
export const kindLabel = (kind: CsqlKind) => KIND_OPTIONS.find(([key]) => key === kind)?.[1] ?? kind;
export const statusLabel = (status: CsqlStatus) => STATUS_OPTIONS.find(([key]) => key === status)?.[1] ?? status;
export const STATUS_BADGE: Record<CsqlStatus, string> = { new: "brand", accepted: "", converted: "ok", rejected: "warn" };

// Money and dates through the one formatter (lib/format/format.ts).
export const formatAmount = (value: number | null) => formatMoney(value);
export const formatDay = (iso: string) => formatDate(iso);
