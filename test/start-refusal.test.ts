import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("npm start with a weak ROSTER_ADMIN_TOKEN", () => {
  it("refuses to start, saying why, before it builds, opens a database or serves", () => {
    const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/roster.ts", "start"], {
      cwd: root,
      env: { ...process.env, ROSTER_ADMIN_TOKEN: "change-me", PORT: "1", ROSTER_DATA_DIR: ".data/never-created" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("[roster] not starting: ROSTER_ADMIN_TOKEN must be at least 32 characters");
    expect(result.stdout).not.toContain("building the app");
    expect(result.stdout).not.toContain("embedded PostgreSQL");
  });
});
