import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set: start Roster with `npm start`, or set it to a PostgreSQL URL");
  }
  const adapter = new PrismaPg({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  return new PrismaClient({ adapter });
}

// One client per process: Next's dev server reloads modules, and tests import many of them.
const globalForDb = globalThis as unknown as { rosterDb?: PrismaClient };

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    globalForDb.rosterDb ??= createClient();
    const value = Reflect.get(globalForDb.rosterDb, property);
    return typeof value === "function" ? value.bind(globalForDb.rosterDb) : value;
  },
});

export async function disconnectDb(): Promise<void> {
  await globalForDb.rosterDb?.$disconnect();
  globalForDb.rosterDb = undefined;
}
