import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { hash, verify } from "@node-rs/argon2";
import { DomainError } from "@/lib/errors/domain-error.ts";

export const hashPassword = (password: string) => hash(password);

/**
 * Anonymous requests decide how much argon2 work the server does, so it is bounded: at most
 * VERIFY_CONCURRENCY verifications run at once (argon2 is memory- and CPU-hard by design; more at
 * once only slows everyone), at most VERIFY_QUEUE wait, and beyond that sign-in answers
 * `rate_limited` at once instead of queueing without end.
 */
export const VERIFY_CONCURRENCY = 2;
export const VERIFY_QUEUE = 64;

let running = 0;
const waiting: (() => void)[] = [];

export const verificationLoad = () => ({ running, waiting: waiting.length });

async function withVerificationSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= VERIFY_CONCURRENCY) {
    if (waiting.length >= VERIFY_QUEUE) {
      throw new DomainError("rate_limited", "Sign-in is busy; try again in a moment.", { retryAfterSeconds: 5 });
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next waiter (running stays the same), or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

// How long a real verification takes here, so an unknown email waits as long as a wrong password
// without costing any argon2 work: the answer gives no hint whether the email exists.
let typicalMs = 60;

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    await sleep(typicalMs * (0.9 + Math.random() * 0.2));
    return false;
  }
  return withVerificationSlot(async () => {
    const started = performance.now();
    const ok = await verify(passwordHash, password).catch(() => false);
    typicalMs = typicalMs * 0.8 + (performance.now() - started) * 0.2;
    return ok;
  });
}
