import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

/**
 * This process, as the holder of leases: host, pid and a random part, so a restarted process
 * with a recycled pid is never mistaken for the one that died.
 */
const state = globalThis as unknown as { rosterInstanceId?: string };
export function instanceId(): string {
  state.rosterInstanceId ??= `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return state.rosterInstanceId;
}

function seconds(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * How long a lease lasts without renewal. Holders renew it three times per period, so a live
 * worker never loses one to a slow query; a dead one is noticed within a lease and a reaper pass.
 */
export const leaseSeconds = () => seconds("ROSTER_JOB_LEASE_SECONDS", 30);
export const renewEveryMs = () => (leaseSeconds() * 1000) / 3;
/** How often each instance looks for work whose holder died (and once at start). */
export const reaperEveryMs = () => seconds("ROSTER_REAPER_INTERVAL_SECONDS", 15) * 1000;
