/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Route handlers reach the runtime through globalThis; these never belong in a bundle.
  serverExternalPackages: ["@prisma/client", "better-sqlite3", "@node-rs/argon2", "pg", "pino", "ioredis"],
  experimental: { authInterrupts: true },
  // `npm run typecheck` (tsc over the whole project) runs in `npm test`; not repeated in every build.
  typescript: { tsconfigPath: "tsconfig.json", ignoreBuildErrors: true },
};
export default nextConfig;
