"use client";

import Link from "next/link";
import { useEffect } from "react";
import { DatabaseUnavailable, useDatabaseUnavailable } from "@/components/shell/database-unavailable.tsx";

/**
 * A route's error boundary body. Rule errors are handled next to their controls; what reaches
 * here is unexpected, so people get a way forward and a reference, never a stack trace.
 */
export function RouteError({ error, reset, title, back }: {
  error: Error & { digest?: string };
  reset: () => void;
  title: string;
  back: { href: string; label: string };
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const databaseDown = useDatabaseUnavailable(reset);
  if (databaseDown) return <DatabaseUnavailable title={title} />;
  return (
    <div className="stack">
      <div className="page-head"><h1>{title}</h1></div>
      <div className="alert error" role="alert">
        Something went wrong while loading this page{error.digest ? ` (ref ${error.digest})` : ""}.
      </div>
      <div className="row">
        <button type="button" className="btn primary" onClick={reset}>Try again</button>
        <Link className="btn" href={back.href}>{back.label}</Link>
      </div>
    </div>
  );
}
