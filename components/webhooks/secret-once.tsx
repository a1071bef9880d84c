"use client";

/** A signing secret, shown once: it is never readable again (rotate to get a new one). */
export function SecretOnce({ secret, what }: { secret: string; what: string }) {
  return (
    <div className="alert ok" role="status">
      {what} Copy the signing secret now — it is not shown again:
      <div><code data-testid="webhook-secret" style={{ userSelect: "all", wordBreak: "break-all" }}>{secret}</code></div>
    </div>
  );
}
