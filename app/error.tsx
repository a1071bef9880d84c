"use client";

import { RouteError } from "@/components/accounts/route-error.tsx";

/** Errors above the pages' own boundaries (the signed-in layout itself), including a database outage. */
export default function AppError({ error, retry, reset }: { error: unknown; retry?: () => void; reset?: () => void }) {
  return <RouteError error={error} retry={retry ?? reset ?? (() => window.location.reload())} title="Roster" back={{ href: "/", label: "Go home" }} />;
}
