import type { ImportDetail } from "@/lib/domain/imports/schemas.ts";
import { count, duration } from "./format.ts";

const PHASES: Record<ImportDetail["phase"], string> = {
  queued: "Waiting for the job queue",
  parse: "Reading the file",
  stage: "Loading the rows",
  validate: "Checking every row",
  apply: "Applying the changes",
  done: "Done",
};

/** The progress bar of a job: rows processed of the total, the rate, and the time left. */
export function ImportProgress({ job, rate }: { job: ImportDetail; rate: number | null }) {
  const total = Math.max(job.total, 0);
  const finished = job.status === "succeeded" || job.status === "failed";
  const percent = finished ? 100 : total > 0 ? Math.min(100, Math.round((job.processed / total) * 100)) : 0;
  const left = rate && rate > 0 && !finished ? (total - job.processed) / rate : null;
  return (
    <div className="imp-progress" data-testid="import-progress">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <span id={`progress-label-${job.id}`} className="imp-phase">{finished ? (job.status === "succeeded" ? "Finished" : "Stopped") : PHASES[job.phase]}</span>
        <span className="muted">
          {total > 0 ? `${count(finished ? total : job.processed)} of ${count(total)} rows` : "Counting rows…"}
          {rate && !finished ? ` · ${count(Math.round(rate))} rows/s` : ""}
          {left !== null ? ` · about ${duration(left)} left` : ""}
        </span>
      </div>
      <div
        className="imp-bar"
        role="progressbar"
        aria-labelledby={`progress-label-${job.id}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
      >
        <div className={`imp-bar-fill${job.status === "failed" ? " failed" : ""}`} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
