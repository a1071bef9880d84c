import "server-only";
import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Roster's one structured log: JSON lines on stdout that a log shipper can read as they are.
 * Secrets never reach it: the pipeline logs ids, routes and statuses, never headers or bodies, and
 * the redaction below is a second guard for anything that slips into an error object.
 */
const REDACT = [
  "authorization", "*.authorization", "headers.authorization", "headers.cookie", "cookie", "*.cookie",
  "password", "*.password", "token", "*.token", "secret", "*.secret",
];

function create(destination?: DestinationStream, level = process.env.ROSTER_LOG_LEVEL ?? "info"): Logger {
  return pino(
    {
      level,
      base: { service: "roster" },
      redact: { paths: REDACT, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ sync: true }),
  );
}

// One logger per process, kept across the dev server's module reloads.
const holder = globalThis as unknown as { rosterLogger?: Logger };

export function logger(): Logger {
  holder.rosterLogger ??= create();
  return holder.rosterLogger;
}

/** Tests send the log to a stream they read (at `info`); `undefined` goes back to stdout. */
export function useLogDestination(destination: DestinationStream | undefined): void {
  holder.rosterLogger = destination ? create(destination, "info") : create();
}
