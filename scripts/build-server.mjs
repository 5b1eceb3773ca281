// Compiles the custom server (server/index.ts and what it imports from the project) to
// dist/server/index.js, run with plain `node` by `npm start`. Packages stay external (loaded from
// node_modules at run time). Nothing to do when the compiled server is newer than every file it was
// compiled from (listed in dist/server/inputs.json), so `npm start` without changes starts at once;
// --force compiles anyway.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.join(root, "dist/server/index.js");
const inputsFile = path.join(root, "dist/server/inputs.json");
/** Besides the sources: what decides how they are compiled. */
const SETTINGS = ["tsconfig.json", "package.json", "scripts/build-server.mjs"];

/** True when every input (and setting) is older than the start of the compilation that wrote outfile. */
function upToDate() {
  if (process.argv.includes("--force") || !existsSync(outfile) || !existsSync(`${outfile}.map`)) return false;
  try {
    const { startedAt, inputs } = JSON.parse(readFileSync(inputsFile, "utf8"));
    return [...inputs, ...SETTINGS].every((f) => statSync(path.join(root, f)).mtimeMs < startedAt);
  } catch {
    return false; // no list, or an input is gone
  }
}

if (upToDate()) {
  console.log("server already compiled: dist/server/index.js is newer than its sources");
} else {
  const { build } = await import("esbuild");
  const t0 = Date.now();
  const result = await build({
    entryPoints: [path.join(root, "server/index.ts")],
    outfile,
    absWorkingDir: root,
    tsconfig: path.join(root, "tsconfig.json"),
    bundle: true,
    packages: "external",
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
  });
  writeFileSync(inputsFile, JSON.stringify({ startedAt: t0, inputs: Object.keys(result.metafile.inputs) }));
  console.log(`server compiled to dist/server/index.js (${Date.now() - t0} ms)`);
}
