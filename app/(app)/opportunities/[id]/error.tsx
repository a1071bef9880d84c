"use client";

import { RouteError } from "@/components/opportunities/route-error.tsx";

export default function OpportunityError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <RouteError error={error} reset={reset} title="Opportunity" back={{ href: "/opportunities", label: "Back to opportunities" }} />;
}
