// Lists functions in server/ (declarations, arrow functions, methods, function expressions, accessors,
// constructors; tests excluded) longer than MAX_LINES and exits 1 when one is not in the allow-list.
// A function's length is its line count from its first line to its last (a nested function counts
// towards its parent too). Run by `npm run lint` and by the lint step of scripts/test-all.mjs.
//   node scripts/check-function-length.mjs          # fail on new long functions
//   node scripts/check-function-length.mjs --list   # print every function over the limit
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const MAX_LINES = 80;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Known long functions still to be split ("file:function"). Shrink it; never grow it.
const ALLOWED = new Set([]);

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !/\.(test|spec)\.[mc]?tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

function nameOf(node) {
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name))) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name && ts.isIdentifier(parent.name)) return parent.name.text;
  return "<anonymous>";
}

/** Every function in one file with its length in lines. */
function functionsIn(file) {
  const text = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      found.push({ name: nameOf(node), line: start, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const long = [];
for (const file of sourceFiles(path.join(root, "server"))) {
  const rel = path.relative(root, file).split(path.sep).join("/");
  for (const fn of functionsIn(file)) if (fn.lines > MAX_LINES) long.push({ ...fn, file: rel, key: `${rel}:${fn.name}` });
}
long.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);

const list = process.argv.includes("--list");
const unexpected = long.filter((fn) => !ALLOWED.has(fn.key));
const stale = [...ALLOWED].filter((key) => !long.some((fn) => fn.key === key));
if (list) for (const fn of long) console.log(`${fn.file}:${fn.line} ${fn.name} ${fn.lines} lines${ALLOWED.has(fn.key) ? " (allow-listed)" : ""}`);
for (const fn of unexpected) console.error(`${fn.file}:${fn.line} ${fn.name} is ${fn.lines} lines (max ${MAX_LINES}): split it by responsibility`);
// a stale entry only warns: another branch may fix one of these and merge without touching this file
for (const key of stale) console.warn(`note: ${key} is no longer over ${MAX_LINES} lines: remove it from the allow-list`);
if (unexpected.length) process.exit(1);
if (!list) console.log(`function length: no function in server/ over ${MAX_LINES} lines outside the allow-list (${ALLOWED.size} left)`);
