/** The closed-opportunity lock: an icon with an accessible name, so it reads as "Locked". */
export function LockIcon({ label = "Locked" }: { label?: string }) {
  return (
    <span className="opp-lock" role="img" aria-label={label} title={label}>
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
        <rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" />
        <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      </svg>
    </span>
  );
}

export function StageBadge({ stage, label }: { stage: string; label: string }) {
  const tone = stage === "closed_won" ? "ok" : stage === "closed_lost" ? "danger" : "brand";
  return <span className={`badge ${tone} opp-badge`}>{label}</span>;
}

/** The CSM was set by hand on this opportunity; stamping from the account leaves it alone. */
export function OverrideBadge() {
  return <span className="badge warn opp-badge">Override</span>;
}
