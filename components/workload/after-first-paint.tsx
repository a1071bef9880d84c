"use client";

import { type ReactNode, startTransition, useEffect, useState } from "react";

/**
 * Renders `children` only once the page has settled after its first paint. Every chart of the
 * workload draws a bar per rep in the browser; drawing them all in one task kept the first chart off
 * screen until the last was done. The placeholder keeps the page's height so nothing jumps when they arrive.
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
    const show = () => startTransition(() => setShown(true));
    // Once the browser is idle: the first chart is drawn in a second pass, after it has measured
    // its width, and rendering the rest before that pass delayed it. Safari has no idle callback.
    if (typeof window.requestIdleCallback === "function") {
      const handle = window.requestIdleCallback(show, { timeout: 1_000 });
      return () => window.cancelIdleCallback(handle);
    }
    const timer = setTimeout(show, 100);
    return () => clearTimeout(timer);
  }, []);
  if (shown) return children;
  return Array.from({ length: count }, (_, i) => (
    <div key={i} className="panel wl-chart" style={{ minHeight: height }} aria-busy="true" role="status" aria-label={`${label}, loading`} />
  ));
}
