"use client";

import { RouteError } from "@/components/opportunities/route-error.tsx";

export default function OpportunitiesError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <RouteError error={error} reset={reset} title="Opportunities" back={{ href: "/", label: "Home" }} />;
}
