import "server-only";
import { hash } from "@node-rs/argon2";
import { withClient } from "@/lib/db/with-client.ts";
import { seedDemoCsqls } from "./csqls.ts";
import { generateIfEmpty } from "./generate.ts";

/** Every demo user signs in with this password (shown on the sign-in page in demo mode). */
export const DEMO_PASSWORD = "roster-demo";

/** The demo's size: a customer success org of 40 with 600 customers. */
export const DEMO_SIZE = { users: 40, accounts: 600, opportunities: 4000, seed: 42 } as const;

/**
 * Loads the demo data set into an empty database and returns true; returns false, changing
 * nothing, when the database already has users (or accounts). Safe when several instances start
 * at once: the generator's advisory lock lets one seed while the others wait and then find data.
 */
export async function seedDemo(databaseUrl: string): Promise<boolean> {
  const passwordHash = await hash(DEMO_PASSWORD);
  const result = await generateIfEmpty(databaseUrl, { ...DEMO_SIZE, demo: true, passwordHash });
  if (result === null) return false;
  await withClient(databaseUrl, (client) => seedDemoCsqls(client, passwordHash));
  return true;
}
