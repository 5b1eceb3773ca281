/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Route handlers reach the runtime through globalThis; these never belong in a bundle.
  serverExternalPackages: ["@prisma/client", "better-sqlite3", "@node-rs/argon2", "pg", "pino", "ioredis"],
  experimental: {
    authInterrupts: true,
    // Load each page and route handler when it is first requested, not all of them at start-up:
    // the server is ready sooner, with less CPU and memory spent (the gateway never goes through
    // Next.js anyway).
    preloadEntriesOnStart: false,
  },
  // `npm run typecheck` (tsc over the whole project) runs in `npm test`; not repeated in every build.
  typescript: { tsconfigPath: "tsconfig.json", ignoreBuildErrors: true },
};
export default nextConfig;
