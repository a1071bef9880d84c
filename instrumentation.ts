/**
 * Next's start-up hook: runs the job worker (scheduled reconcile, queued jobs) inside the server
 * process, so a single `npm start` is the whole deployment. ROSTER_WORKER=off leaves the jobs to
 * other instances (or to nobody, in tests); such an instance still reaps what dead ones left.
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
  const { startReaper, startWorker } = await import("./lib/jobs/worker.ts");
  if (process.env.ROSTER_WORKER === "off") {
    startReaper();
    return;
  }
  // Not awaited: the app serves requests at once, and when the database is not there yet the
  // supervised worker keeps trying to start in the background.
  startWorker({ connectionString }).catch((error) => console.error("[roster] the job worker could not start", error));
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
