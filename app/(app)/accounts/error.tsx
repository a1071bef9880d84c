"use client";

import { RouteError } from "@/components/accounts/route-error.tsx";

export default function AccountsError({ error, retry, reset }: { error: unknown; retry?: () => void; reset?: () => void }) {
  return <RouteError error={error} retry={retry ?? reset ?? (() => window.location.reload())} title="Accounts" back={{ href: "/", label: "Go home" }} />;
}
