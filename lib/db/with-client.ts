import pg from "pg";

/**
 * One plain connection for `run`, closed afterwards whatever happens. For work outside Prisma's
 * pool: creating and dropping databases, and checks before the app's client exists.
 */
export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
