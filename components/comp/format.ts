import type { CompFlag } from "@/lib/domain/comp/schemas.ts";

import { formatCompactMoney, formatCount, formatDate, formatDateTime, formatMoney as money } from "@/lib/format/format.ts";

// Through the one formatter (lib/format/format.ts). Totals arrive as decimal strings from SQL and
// are formatted exactly; comp amounts always show cents, since they are compared to the cent.
export const formatMoney = (value: string | number | null) => money(value, { cents: true });
export { formatCompactMoney, formatCount };
export const formatDay = (value: string) => formatDate(value);
export const formatMoment = (iso: string) => formatDateTime(iso);

export const FLAG_LABELS: Record<CompFlag, string> = {
  missing_csm: "Missing CSM",
  missing_primary_sa: "Missing primary SA",
  supporting_sa_activity: "Supporting SA activity — possible dispute",
  csm_overridden: "CSM overridden",
};
export const FLAG_TONES: Record<CompFlag, "danger" | "warn" | "brand"> = {
  missing_csm: "danger",
  missing_primary_sa: "danger",
  supporting_sa_activity: "warn",
  csm_overridden: "brand",
};
