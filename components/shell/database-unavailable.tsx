"use client";

import { useRouter } from "next/navigation";
import { startTransition, useEffect, useRef, useState } from "react";

const POLL_MS = 2_000;

/**
 * Whether the error a boundary caught is the database being away. In production Next shows an
 * error boundary only a digest, never the server's message, so the boundary asks /readyz instead:
 * 503 means the database cannot be reached. While it is away this polls, and once it answers the
 * page re-renders from the server by itself — nobody has to press anything.
 */
export function useDatabaseUnavailable(retry: () => void): boolean {
  const router = useRouter();
  const [down, setDown] = useState(false);
  // The boundary may hand a new function each render; the polling loop must not restart for it.
  const retryRef = useRef(retry);
  retryRef.current = retry;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async (first: boolean) => {
      let ready = true;
      try {
        ready = (await fetch("/readyz", { cache: "no-store" })).status !== 503;
      } catch {
        ready = false;
      }
      if (stopped) return;
      if (!ready) {
        setDown(true);
        timer = setTimeout(() => void check(false), POLL_MS);
      } else if (!first) {
        startTransition(() => {
          router.refresh();
          retryRef.current();
        });
      }
    };
    void check(true);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [router]);
  return down;
}

export function DatabaseUnavailable({ title }: { title: string }) {
  return (
    <div className="stack">
      <div className="page-head"><h1>{title}</h1></div>
      <div className="alert info" role="alert" data-testid="database-unavailable">
        Roster can&apos;t reach its database; retrying. This page comes back by itself once it answers.
      </div>
    </div>
  );
}
