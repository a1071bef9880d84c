"use client";

import { type ReactNode, startTransition, useEffect, useState } from "react";

/**
 * Renders `children` only after the page's first paint. Every chart of the workload draws a bar per
 * rep in the browser; drawing them all in one task kept the first chart off screen until the last
 * was done. The placeholder keeps the page's height so nothing jumps when they arrive.
 */
export function AfterFirstPaint({ children, count, height, label }: {
  children: ReactNode;
  /** How many panels `children` holds, each about `height` px tall: the placeholders stand in for them. */
  count: number;
  height: number;
  label: string;
}) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => startTransition(() => setShown(true)), 0);
    return () => clearTimeout(timer);
  }, []);
  if (shown) return children;
  return Array.from({ length: count }, (_, i) => (
    <div key={i} className="panel wl-chart" style={{ minHeight: height }} aria-busy="true" role="status" aria-label={`${label}, loading`} />
  ));
}
