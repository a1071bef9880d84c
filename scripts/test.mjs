// `npm test`: type check, unit and integration tests on a real PostgreSQL (vitest), then the
// browser journeys in Chromium (Playwright). Ends with one "N passed, N failed" line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findChromium } from "./chromium.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = join(root, "test-results");
mkdirSync(out, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
const bin = (name) => join(root, "node_modules", ".bin", name);
const only = process.argv.slice(2);
const wants = (stage) => only.length === 0 || only.includes(stage);

function run(label, command, args, extraEnv = {}) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  return result.status ?? 1;
}

let passed = 0;
let failed = 0;
let failures = 0;

if (wants("typecheck")) {
  const status = run("Type check", bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]);
  if (status === 0) passed += 1;
  else { failed += 1; failures += 1; }
}

if (wants("unit")) {
  const report = join(out, "vitest.json");
  rmSync(report, { force: true });
  const status = run("Unit and integration tests (vitest, real PostgreSQL)", bin("vitest"), [
    "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`,
  ]);
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, "utf8"));
    passed += summary.numPassedTests;
    failed += summary.numFailedTests;
  }
  if (status !== 0) failures += 1;
}

if (wants("e2e")) {
  const chromium = findChromium();
  if (!chromium) {
    console.error("\nNo Chromium for the browser tests: run `npx playwright install chromium` (or `apt-get install chromium`), then `npm test` again.");
    failures += 1;
    failed += 1;
  } else {
    rmSync(join(root, ".data", "e2e"), { recursive: true, force: true });
    const report = join(out, "playwright.json");
    rmSync(report, { force: true });
    const status = run("Browser journeys (Playwright, Chromium)", bin("playwright"), ["test", "--reporter=list,json"], {
      ROSTER_CHROMIUM: chromium,
      PLAYWRIGHT_JSON_OUTPUT_NAME: report,
    });
    if (existsSync(report)) {
      const stats = JSON.parse(readFileSync(report, "utf8")).stats ?? {};
      passed += stats.expected ?? 0;
      failed += (stats.unexpected ?? 0) + (stats.flaky ?? 0);
    }
    if (status !== 0) failures += 1;
  }
}

if (failures > 0 && failed === 0) failed = failures;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failures > 0 || failed > 0 ? 1 : 0);
