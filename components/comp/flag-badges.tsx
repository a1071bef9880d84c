import type { CompFlag } from "@/lib/domain/comp/schemas.ts";
import { FLAG_LABELS, FLAG_TONES } from "./format.ts";

export function FlagBadges({ flags }: { flags: CompFlag[] }) {
  if (flags.length === 0) return <span className="comp-sub">None</span>;
  return (
    <span className="comp-flags">
      {flags.map((flag) => <span key={flag} className={`badge ${FLAG_TONES[flag]}`}>{FLAG_LABELS[flag]}</span>)}
    </span>
  );
}
