"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ImportDetail } from "@/lib/domain/imports/schemas.ts";

type ApiError = { error?: { message?: string } };
const POLL_MS = 500;

async function readJson<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as T & ApiError;
  if (!response.ok) throw new Error(body.error?.message ?? `The server answered ${response.status}.`);
  return body;
}

/** Uploads go to the same `POST /api/v1/imports` integrations use, signed in by the session. */
export async function uploadImport(file: File, kind: string, dryRun: boolean, mapping: string[]): Promise<ImportDetail> {
  const form = new FormData();
  form.set("file", file, file.name);
  form.set("mapping", JSON.stringify(mapping));
  const response = await fetch(`/api/v1/imports?kind=${kind}&dryRun=${dryRun}`, { method: "POST", body: form });
  return { ...(await readJson<ImportDetail>(response)), preview: [] };
}

export async function applyImport(dryRunId: string, skipInvalidRows = false): Promise<ImportDetail> {
  const response = await fetch(`/api/v1/imports/${dryRunId}/apply?skipInvalidRows=${skipInvalidRows}`, { method: "POST" });
  return { ...(await readJson<ImportDetail>(response)), preview: [] };
}

const finished = (job: ImportDetail | null) => job?.status === "succeeded" || job?.status === "failed";

/**
 * Follows one import job: polls `GET /api/v1/imports/{id}` every half second while it is queued
 * or running and keeps samples of its progress, from which the rate and the time left are read.
 */
export function useImportJob(initial: ImportDetail | null) {
  const [job, setJob] = useState<ImportDetail | null>(initial);
  const [pollError, setPollError] = useState<string | null>(null);
  const samples = useRef<{ at: number; processed: number }[]>([]);

  useEffect(() => {
    if (!job || finished(job)) return;
    let stopped = false;
    const timer = setTimeout(async () => {
      try {
        const next = await readJson<ImportDetail>(await fetch(`/api/v1/imports/${job.id}`, { cache: "no-store" }));
        if (stopped) return;
        if (next.status === "running") samples.current = [...samples.current.slice(-20), { at: Date.now(), processed: next.processed }];
        setPollError(null);
        setJob(next);
      } catch (error) {
        if (!stopped) {
          setPollError(error instanceof Error ? error.message : "The progress could not be read.");
          setJob({ ...job }); // try again on the next tick
        }
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [job]);

  const follow = useCallback((next: ImportDetail | null) => {
    samples.current = [];
    setPollError(null);
    setJob(next);
  }, []);

  const first = samples.current[0];
  const last = samples.current.at(-1);
  const rate = first && last && last.at > first.at ? ((last.processed - first.processed) * 1000) / (last.at - first.at) : null;
  return { job, follow, pollError, rate, done: finished(job) };
}
