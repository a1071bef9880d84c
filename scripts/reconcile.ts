/**
 * `npm run reconcile [-- --dry-run]`: the reconcile job from the command line, as the system
 * (no actor), against DATABASE_URL. Prints what it found and what it repaired.
 */
import { pathToFileURL } from "node:url";
import { disconnectDb } from "@/lib/db/client.ts";
import { reconcileCsm, SYSTEM } from "@/lib/domain/reconcile/reconcile-csm.ts";

const USAGE = "usage: npm run reconcile [-- --dry-run]";

export async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== "--dry-run" && arg !== "--help" && arg !== "-h");
  if (argv.includes("--help") || argv.includes("-h") || unknown.length > 0) {
    if (unknown.length > 0) console.error(`unknown argument: ${unknown.join(" ")}`);
    console.log(USAGE);
    return unknown.length > 0 ? 2 : 0;
  }
  const dryRun = argv.includes("--dry-run");
  try {
    const result = await reconcileCsm(SYSTEM, { dryRun, trigger: "cli" });
    console.log(dryRun ? "Reconcile (dry run: nothing changed)" : "Reconcile");
    console.table({
      checked: result.checked,
      mismatches: result.mismatchCount,
      repaired: result.repaired,
      ...(result.batchId ? { "audit batch": result.batchId } : {}),
    });
    if (result.mismatches.length > 0) {
      const shown = result.mismatches.slice(0, 20);
      console.table(shown.map((m) => ({ opportunity: m.opportunityId, expected: m.expectedCsmId ?? "(none)", actual: m.actualCsmId ?? "(none)" })));
      if (result.mismatchCount > shown.length) console.log(`… and ${result.mismatchCount - shown.length} more`);
    }
    return 0;
  } finally {
    await disconnectDb();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
