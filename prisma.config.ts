import { defineConfig } from "prisma/config";

// Migrations are plain SQL applied by lib/db/migrate.ts (the schema engine cannot run here), so
// this file only tells `prisma generate` where the schema is.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/roster" },
});
