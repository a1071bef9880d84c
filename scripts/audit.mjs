// `npm audit --omit=dev` for CI: fails on high or critical advisories in what ships, and only
// warns when the registry's advisory endpoint cannot be reached (a closed network or a mirror
// without it must not fail every build; a reachable one that reports a hole must).
import { spawnSync } from "node:child_process";

const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", timeout: 120_000 });
let report;
try {
  report = JSON.parse(run.stdout || "{}");
} catch {
  report = {};
}
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const reason = report?.message ?? report?.error?.summary ?? (run.error ? String(run.error.message) : "no report");
  console.warn(`[audit] skipped: the advisory endpoint did not answer (${String(reason).split("\n")[0]})`);
  process.exit(0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(`[audit] production dependencies: ${JSON.stringify(counts)}`);
if (serious > 0) {
  for (const [name, vulnerability] of Object.entries(report.vulnerabilities ?? {})) {
    if (vulnerability.severity === "high" || vulnerability.severity === "critical") {
      console.error(`[audit] ${vulnerability.severity}: ${name} ${vulnerability.range ?? ""}`);
    }
  }
  process.exit(1);
}
