"use client";

import Link from "next/link";
import { useEffect } from "react";
import { DatabaseUnavailable, useDatabaseUnavailable } from "@/components/shell/database-unavailable.tsx";

/**
 * A route's error state. Rule errors are shown next to their controls; what reaches here is
 * unexpected, so people get a retry, a way back and a reference — never a stack trace.
 */
export function RouteError({ error, retry, title, back }: {
  error: unknown;
  retry: () => void;
  title: string;
  back: { href: string; label: string };
}) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  const databaseDown = useDatabaseUnavailable(retry);
  if (databaseDown) return <DatabaseUnavailable title={title} />;
  return (
    <div className="stack">
      <div className="page-head"><h1>{title}</h1></div>
      <div className="alert error" role="alert">
        This page could not be loaded{digest ? ` (ref ${digest})` : ""}. It may be a passing problem: try again.
      </div>
      <div className="row">
        <button type="button" className="btn primary" onClick={() => retry()}>Try again</button>
        <Link className="btn" href={back.href}>{back.label}</Link>
      </div>
    </div>
  );
}
