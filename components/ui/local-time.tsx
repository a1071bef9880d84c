"use client";

import { useEffect, useState } from "react";
import { formatDateTime } from "@/lib/format/format.ts";

/**
 * A moment (an activity, a change, a notification) in the viewer's own time zone. The server
 * does not know it, so the first render — on the server and in the browser alike — says UTC, and
 * the browser then writes its own zone; the machine-readable value stays in `dateTime`.
 */
export function LocalTime({ value, className }: { value: string | null | undefined; className?: string }) {
  const [zone, setZone] = useState("UTC");
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"), []);
  if (!value) return <span className={className}>—</span>;
  return <time className={className} dateTime={value}>{formatDateTime(value, zone)}</time>;
}
