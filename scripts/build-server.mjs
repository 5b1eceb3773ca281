// Compiles the custom server (server/index.ts and what it imports from the project) to
// dist/server/index.js, run with plain `node` by `npm start`. Packages stay external (loaded from
// node_modules at run time).
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const t0 = Date.now();
await build({
  entryPoints: [path.join(root, "server/index.ts")],
  outfile: path.join(root, "dist/server/index.js"),
  absWorkingDir: root,
  tsconfig: path.join(root, "tsconfig.json"),
  bundle: true,
  packages: "external",
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
});
console.log(`server compiled to dist/server/index.js (${Date.now() - t0} ms)`);
