import "server-only";
import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "@/lib/errors/domain-error.ts";

/**
 * Brute-force limits for sign-in and bearer tokens. Counters live in PostgreSQL (the
 * `auth_throttle` table of migration 0010, rate-limiter-flexible's own layout), so every app
 * instance on the database shares them: a guesser cannot spread attempts over instances.
 * Only failures count; a successful sign-in clears its account's counter.
 */
export const LIMITS = {
  /** Wrong passwords for one account before it is locked for a while (and the lockout audited). */
  account: { points: 10, duration: 15 * 60, blockDuration: 15 * 60 },
  /** Failed sign-ins from one client address, whatever the accounts. */
  address: { points: 100, duration: 15 * 60, blockDuration: 15 * 60 },
  /** Unknown or revoked bearer tokens from one client address. */
  bearer: { points: 30, duration: 10 * 60, blockDuration: 10 * 60 },
} as const;

type Kind = keyof typeof LIMITS;

const globalForThrottle = globalThis as unknown as { rosterThrottle?: { pool: pg.Pool; limiters: Record<Kind, RateLimiterPostgres> } };

// A small pool of its own: the limiter speaks node-postgres, not Prisma, and two connections are
// plenty for one upsert per failed attempt.
function limiters(): Record<Kind, RateLimiterPostgres> {
  if (!globalForThrottle.rosterThrottle) {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2, connectionTimeoutMillis: 5_000 });
    pool.on("error", () => {}); // an idle connection dropped by a restart; the next query reconnects
    const make = (kind: Kind, clearExpiredByTimeout: boolean) =>
      new RateLimiterPostgres({
        storeClient: pool, storeType: "pool", tableName: "auth_throttle", tableCreated: true, clearExpiredByTimeout,
        keyPrefix: `roster_${kind}`, ...LIMITS[kind],
      });
    globalForThrottle.rosterThrottle = {
      pool,
      // One limiter sweeps expired rows for the shared table.
      limiters: { account: make("account", true), address: make("address", false), bearer: make("bearer", false) },
    };
  }
  return globalForThrottle.rosterThrottle.limiters;
}

/** For tests that point the app at another database (or none): the next call opens a new pool. */
export async function resetThrottleStore(): Promise<void> {
  const current = globalForThrottle.rosterThrottle;
  globalForThrottle.rosterThrottle = undefined;
  await current?.pool.end().catch(() => {});
}

const accountKey = (email: string) => email.trim().toLowerCase();

export function retryMessage(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Too many attempts; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export const rateLimited = (seconds: number) =>
  new DomainError("rate_limited", retryMessage(seconds), { retryAfterSeconds: Math.max(1, Math.ceil(seconds)) });

/** Seconds until `key` may try again, or 0. A key is blocked once it used up its points. */
async function blockedFor(kind: Kind, key: string): Promise<number> {
  const state = await limiters()[kind].get(key);
  if (!state || state.consumedPoints < LIMITS[kind].points) return 0;
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}

/**
 * Counts one failure. The failure that uses up the last point blocks the key for blockDuration
 * at once (so "10 attempts" means the 10th wrong one locks), and only that one reports
 * `justBlocked`, however many arrive together.
 */
async function fail(kind: Kind, key: string): Promise<{ blockedFor: number; justBlocked: boolean }> {
  const limiter = limiters()[kind];
  let consumed: number;
  try {
    consumed = (await limiter.consume(key)).consumedPoints;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { blockedFor: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), justBlocked: false };
  }
  if (consumed < LIMITS[kind].points) return { blockedFor: 0, justBlocked: false };
  await limiter.block(key, LIMITS[kind].blockDuration);
  return { blockedFor: LIMITS[kind].blockDuration, justBlocked: consumed === LIMITS[kind].points };
}

/** Before checking a password: throws `rate_limited` while the account or the address is blocked. */
export async function assertSignInAllowed(email: string, address: string): Promise<void> {
  const [account, client] = await Promise.all([blockedFor("account", accountKey(email)), blockedFor("address", address)]);
  const wait = Math.max(account, client);
  if (wait > 0) throw rateLimited(wait);
}

/**
 * A wrong password (or an unknown email): counts against the account and the address. The
 * attempt that locks a known account writes an audit entry on that user. Returns the seconds to
 * wait when this attempt used up a limit (0 otherwise).
 */
export async function recordSignInFailure(email: string, address: string, userId?: string | null): Promise<number> {
  const [account, client] = await Promise.all([fail("account", accountKey(email)), fail("address", address)]);
  if (account.justBlocked && userId) {
    const until = new Date(Date.now() + account.blockedFor * 1000).toISOString();
    const { db } = await import("@/lib/db/client.ts");
    await db.$executeRaw`
      INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value, reason)
      VALUES (NULL, 'ui', 'user', ${userId}, 'sign_in_lockout', NULL, ${until},
        ${`${LIMITS.account.points} wrong passwords within ${LIMITS.account.duration / 60} minutes from ${address}`})`;
  }
  return Math.max(account.blockedFor, client.blockedFor);
}

/** A correct password: the account's count starts again (the address's does not). */
export async function recordSignInSuccess(email: string): Promise<void> {
  await limiters().account.delete(accountKey(email));
}

/** Before looking up a bearer token: throws `rate_limited` while the address is blocked. */
export async function assertBearerAllowed(address: string): Promise<void> {
  const wait = await blockedFor("bearer", address);
  if (wait > 0) throw rateLimited(wait);
}

/** An unknown, revoked or expired bearer token from `address`. */
export async function recordBearerFailure(address: string): Promise<number> {
  return (await fail("bearer", address)).blockedFor;
}

/**
 * The client's address as seen by the nearest proxy: the last `x-forwarded-for` hop (the one our
 * own proxy or Next's server appended; earlier hops are whatever the client claimed), else
 * `x-real-ip`. Headers as a Fetch `Headers` or as next-auth's plain object.
 */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined> | undefined | null): string {
  const read = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
    const value = (headers as Record<string, string | string[] | undefined>)[name];
    return Array.isArray(value) ? value.join(",") : value;
  };
  const forwarded = read("x-forwarded-for")?.split(",").map((hop) => hop.trim()).filter(Boolean).at(-1);
  return (forwarded ?? read("x-real-ip")?.trim() ?? "unknown").slice(0, 100);
}
