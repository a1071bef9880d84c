"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action.ts";

export type Message = { kind: "ok" | "error"; text: string };

/**
 * Runs a server action for one control: pending state, the rule's message next to the control
 * (never a crash), and a fresh render of the page after a change.
 */
export function useMutation() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<Message>();
  const [fields, setFields] = useState<Record<string, string>>({});

  function run<T>(call: () => Promise<ActionResult<T>>, success: string | ((data: T) => string), after?: (data: T) => void) {
    startTransition(async () => {
      let result: ActionResult<T>;
      try {
        result = await call();
      } catch {
        // The network or the server went away; the action itself turns rule errors into results.
        result = { ok: false, error: { code: "internal", message: "Could not reach the server. Try again." } };
      }
      if (result.ok) {
        setFields({});
        setMessage({ kind: "ok", text: typeof success === "string" ? success : success(result.data) });
        after?.(result.data);
        router.refresh();
      } else {
        setFields(result.error.fields ?? {});
        setMessage({ kind: "error", text: result.error.message });
      }
    });
  }

  return {
    pending, message, fields, run,
    /** Shows a success that happened elsewhere (e.g. in a dialog that has closed). */
    announce: (text: string) => setMessage({ kind: "ok", text }),
  };
}
