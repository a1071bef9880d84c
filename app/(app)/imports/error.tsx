"use client";

import { RouteError } from "@/components/accounts/route-error.tsx";

export default function ImportsError({ error, retry, reset }: { error: unknown; retry?: () => void; reset?: () => void }) {
  return <RouteError error={error} retry={retry ?? reset ?? (() => window.location.reload())} title="Imports" back={{ href: "/", label: "Back home" }} />;
}
