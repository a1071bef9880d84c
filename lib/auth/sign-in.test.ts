import { hash } from "@node-rs/argon2";
import { afterEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { makeTokenUser, makeUser, unique } from "@/test/factories.ts";
import { authOptions } from "./options.ts";
import { verificationLoad, VERIFY_CONCURRENCY, verifyPassword } from "./password.ts";
import { LIMITS, recordSignInFailure, resetThrottleStore } from "./throttle.ts";
import { authenticateBearer } from "./tokens.ts";

type Authorize = (credentials: Record<string, string>, request: { headers: Record<string, string> }) => Promise<unknown>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
const signIn = (email: string, password: string, address = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.1`) =>
  authorize({ email, password }, { headers: { "x-forwarded-for": address } });
/** The error code next-auth would hand the browser, or "ok"/"wrong". */
const outcome = (attempt: Promise<unknown>) => attempt.then((user) => (user ? "ok" : "wrong"), (error: Error) => error.message);

async function userWithPassword(password: string) {
  const user = await makeUser("csm");
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hash(password) } });
  return user;
}

describe("sign-in throttling", () => {
  it("locks an account after repeated wrong passwords, from any address, says for how long, and audits it", async () => {
    const user = await userWithPassword("right-password");
    for (let i = 0; i < LIMITS.account.points - 1; i++) expect(await outcome(signIn(user.email, `wrong-${i}`))).toBe("wrong");
    // The attempt that uses up the limit is already answered "too many".
    expect(await outcome(signIn(user.email.toUpperCase(), "wrong-last"))).toMatch(/^rate_limited:(\d+)$/);
    // Now even the right password waits, from another address too.
    const locked = await outcome(signIn(user.email, "right-password", "192.0.2.77"));
    const seconds = Number(locked.split(":")[1]);
    expect(locked).toMatch(/^rate_limited:/);
    expect(seconds).toBeGreaterThan(LIMITS.account.blockDuration - 60);
    const audit = await db.auditEntry.findMany({ where: { entityType: "user", entityId: user.id, field: "sign_in_lockout" } });
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBeNull();
    // Another account is not affected.
    const other = await userWithPassword("right-password");
    expect(await outcome(signIn(other.email, "right-password"))).toBe("ok");
  });

  it("a correct password clears the account's count", async () => {
    const user = await userWithPassword("right-password");
    for (let i = 0; i < LIMITS.account.points - 2; i++) await signIn(user.email, "wrong");
    expect(await outcome(signIn(user.email, "right-password"))).toBe("ok");
    for (let i = 0; i < LIMITS.account.points - 2; i++) expect(await outcome(signIn(user.email, "wrong"))).toBe("wrong");
  });

  it("blocks a client address that fails across many accounts", async () => {
    const address = `198.51.100.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < LIMITS.address.points; i++) await recordSignInFailure(`spray-${unique()}@test.roster`, address);
    const user = await userWithPassword("right-password");
    expect(await outcome(signIn(user.email, "right-password", address))).toMatch(/^rate_limited:/);
    expect(await outcome(signIn(user.email, "right-password", "203.0.113.9"))).toBe("ok");
  });

  it("answers failed bearer tokens from one address with rate_limited and Retry-After seconds", async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < LIMITS.bearer.points; i++) {
      expect(await authenticateBearer(`Bearer rst_wrong_${unique()}`, { clientAddress: address })).toBeNull();
    }
    const { token } = await makeTokenUser("csm");
    const blocked = await authenticateBearer(`Bearer ${token}`, { clientAddress: address }).catch((error) => error);
    expect(blocked).toBeInstanceOf(DomainError);
    expect(blocked).toMatchObject({ code: "rate_limited", details: { retryAfterSeconds: expect.any(Number) } });
    expect(blocked.details.retryAfterSeconds).toBeGreaterThan(LIMITS.bearer.blockDuration - 60);
    expect(await authenticateBearer(`Bearer ${token}`, { clientAddress: "203.0.113.250" })).toMatchObject({ profile: "csm" });
  });
});

describe("bounded password work", () => {
  it("runs at most a few argon2 verifications at once and none for an unknown email", async () => {
    const stored = await hash("some-password");
    const attempts = Array.from({ length: 6 }, () => verifyPassword(stored, "guess"));
    expect(verificationLoad()).toEqual({ running: VERIFY_CONCURRENCY, waiting: 6 - VERIFY_CONCURRENCY });
    await Promise.all(attempts);
    const unknown = Array.from({ length: 6 }, () => verifyPassword(null, "guess"));
    expect(verificationLoad()).toEqual({ running: 0, waiting: 0 });
    expect(await Promise.all(unknown)).toEqual(Array(6).fill(false));
  });
});

describe("sign-in while the database is down", () => {
  const realUrl = process.env.DATABASE_URL;
  afterEach(async () => {
    process.env.DATABASE_URL = realUrl;
    await disconnectDb();
    await resetThrottleStore();
  });

  it("says unavailable, with no driver text, instead of 'incorrect'", async () => {
    await disconnectDb();
    await resetThrottleStore();
    process.env.DATABASE_URL = "postgresql://roster:roster@127.0.0.1:9/roster"; // nothing listens on port 9
    const result = await outcome(signIn("someone@test.roster", "whatever"));
    expect(result).toBe("unavailable");
    expect(result).not.toMatch(/reach|database server|127\.0\.0\.1/i);
  });
});
