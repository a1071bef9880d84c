// Roster's outbound Salesforce sync in a process of its own, for the test that kills it (SIGKILL)
// in the middle of a batch. It runs outbound over and over, as the worker's minute job does but
// without the wait; prints "ready <id>" once started and "run <records> <position>" after each run
// that sent something (that line comes after the run's checkpoint committed).
import { runOutbound } from "@/lib/domain/salesforce/run-outbound.ts";

console.log(`ready salesforce-outbound-${process.pid}`);
for (;;) {
  try {
    const run = await runOutbound();
    if (run && run.records > 0) console.log(`run ${run.records} ${run.position}`);
  } catch (error) {
    console.log(`error ${(error as Error).message}`);
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
