/**
 * Next's start-up hook: runs the job worker (scheduled reconcile, queued jobs) inside the server
 * process, so a single `npm start` is the whole deployment. ROSTER_WORKER=off leaves it to a
 * separate process (or to nobody, in tests).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  await syncBootstrapCredential();
  if (process.env.ROSTER_WORKER === "off") return;
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    console.warn("[roster] DATABASE_URL is not set: the job worker is not started");
    return;
  }
  // Imported here, not at the top, so the edge bundle never pulls in pg and graphile-worker.
  const { startWorker } = await import("./lib/jobs/worker.ts");
  try {
    await startWorker({ connectionString });
  } catch (error) {
    // The app still serves requests; only scheduled and queued jobs wait for the next start.
    console.error("[roster] the job worker could not start", error);
  }
}

/**
 * ROSTER_ADMIN_TOKEN at every start of every instance (however it was started: `npm start`,
 * `next start`): a weak token stops the process with the reason; otherwise the stored credential
 * is made to match the variable, revoking a rotated or removed one (lib/auth/bootstrap-token.ts).
 */
async function syncBootstrapCredential() {
  const { bootstrapTokenProblem, syncBootstrapToken } = await import("./lib/auth/bootstrap-token.ts");
  const problem = bootstrapTokenProblem();
  if (problem) {
    console.error(`[roster] not starting: ${problem}`);
    process.exit(1);
  }
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) return;
  const { withClient } = await import("./lib/db/with-client.ts");
  try {
    const { revoked } = await withClient(connectionString, (client) => syncBootstrapToken((sql, params) => client.query(sql, params)));
    if (revoked) console.log(`[roster] revoked ${revoked} earlier ROSTER_ADMIN_TOKEN credential(s)`);
  } catch (error) {
    // The database may be down at start; the first use of the token syncs it again.
    console.error("[roster] could not sync ROSTER_ADMIN_TOKEN", error);
  }
}
