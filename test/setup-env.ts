import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.DATABASE_POOL_SIZE ??= "5";
// Request logs would bury test output; tests that check the log capture it themselves.
process.env.ROSTER_LOG_LEVEL ??= "silent";
