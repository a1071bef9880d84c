// An app instance's job worker in a process of its own, for the tests that kill one (SIGKILL) or
// take its database away. Prints "ready <instance id>" once its runner has started.
import { instanceId } from "@/lib/jobs/instance.ts";
import { startWorker, stopWorker } from "@/lib/jobs/worker.ts";

await startWorker({ connectionString: process.env.DATABASE_URL!, noHandleSignals: true });
console.log(`ready ${instanceId()}`);
process.on("SIGTERM", () => {
  void stopWorker().finally(() => process.exit(0));
});
