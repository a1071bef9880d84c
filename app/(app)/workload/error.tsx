"use client";

import { RouteError } from "@/components/accounts/route-error.tsx";

export default function WorkloadError({ error, retry, reset }: { error: unknown; retry?: () => void; reset?: () => void }) {
  return <RouteError error={error} retry={retry ?? reset ?? (() => window.location.reload())} title="Workload" back={{ href: "/", label: "Go home" }} />;
}
