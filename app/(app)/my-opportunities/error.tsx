"use client";

import { RouteError } from "@/components/opportunities/route-error.tsx";

export default function MyOpportunitiesError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <RouteError error={error} reset={reset} title="My opportunities" back={{ href: "/", label: "Home" }} />;
}
