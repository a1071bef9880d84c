"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import type { ActionResult } from "@/lib/auth/action.ts";

/** Ends every session of the signed-in person (other browsers, lost laptops), then this one. */
export function SignOutEverywhereButton({ endSessions }: { endSessions: (input: Record<string, never>) => Promise<ActionResult<{ ended: boolean }>> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <>
      <button
        type="button"
        className="btn ghost"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const result = await endSessions({});
          if (!result.ok) {
            setBusy(false);
            setError(result.error.message);
            return;
          }
          await signOut({ callbackUrl: "/sign-in" });
        }}
      >
        {busy ? "Signing out…" : "Sign out everywhere"}
      </button>
      {error ? <span className="error" role="alert">{error}</span> : null}
    </>
  );
}
