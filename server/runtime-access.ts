// How route handlers and server components reach the runtime without importing its implementation
// (which would pull Prisma and native modules into Next's bundles).
import type { Runtime } from "./runtime";

export function getRuntime(): Runtime {
  const rt = globalThis.__breakwaterRuntime;
  if (!rt) throw new Error("Breakwater runtime is not initialised: start the app with `npm start` (server/index.ts), not `next start`");
  return rt;
}
