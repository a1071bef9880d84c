import "server-only";
import { isDatabaseUnavailable } from "@/lib/errors/database-unavailable.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `write` until the database takes it: what must be recorded about an outage (an import
 * that failed because of it) has to survive that very outage. Retries only while the database is
 * unreachable, with backoff up to 10 s, for at most `forMs`; any other error is thrown at once.
 */
export async function whenDatabaseIsBack<T>(write: () => Promise<T>, { forMs = 15 * 60_000, label = "write" } = {}): Promise<T> {
  const deadline = Date.now() + forMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      return await write();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delay > deadline) throw error;
      console.error(`[roster] ${label}: the database is unreachable; trying again in ${delay} ms`);
      await sleep(delay + Math.floor(Math.random() * delay * 0.2));
    }
  }
}
