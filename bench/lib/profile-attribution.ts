/**
 * Attributes a V8 CPU profile's samples (`node --cpu-prof`) to parts of the server by source file:
 * each sample's stack is mapped through the compiled server's source map, and a sample belongs to
 * the first part (in the order given) that any frame of its stack belongs to. Samples are counted
 * only inside a time window given on the monotonic clock (`process.hrtime` µs, the profile's clock
 * on Linux). A share of samples taken inside one process over the same moments is not moved by
 * the machine's speed changing, which is what makes it useful on a noisy VM.
 */
import fs from "node:fs";
import { SourceMap } from "node:module";

export interface Part {
  name: string;
  /** matched against a frame's original source path (or its URL outside the compiled server) */
  files: RegExp;
}

export interface Attribution {
  /** samples in the window that were not idle */
  busy: number;
  /** idle samples in the window */
  idle: number;
  /** busy samples per part, plus "gc", "program" (V8 and native code outside JS) and "other" */
  parts: Record<string, number>;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const SPECIAL = new Map([
  ["(idle)", "idle"],
  ["(garbage collector)", "gc"],
  ["(program)", "program"],
  ["(root)", "program"],
]);

export function attributeProfile(file: string, o: { compiledUrl: string; sourceMap: SourceMap; parts: readonly Part[]; fromUs: number; toUs: number }): Attribution {
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);

  const partIndexOf = (n: ProfileNode): number => {
    const cf = n.callFrame;
    const source = cf.url.endsWith(o.compiledUrl) ? (o.sourceMap.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string }).originalSource ?? cf.url : cf.url;
    return o.parts.findIndex((part) => part.files.test(source));
  };
  /** the lowest part index on the node's stack (itself and its callers), -1 for none; memoised */
  const memo = new Map<number, number>();
  const stackPart = (id: number): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const own = partIndexOf(byId.get(id)!);
    const parent = parentOf.get(id);
    const above = parent !== undefined ? stackPart(parent) : -1;
    const r = own === -1 ? above : above === -1 ? own : Math.min(own, above);
    memo.set(id, r);
    return r;
  };

  const parts: Record<string, number> = { gc: 0, program: 0, other: 0 };
  for (const part of o.parts) parts[part.name] = 0;
  let idle = 0;
  let busy = 0;
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    if (t < o.fromUs || t > o.toUs) continue;
    const id = p.samples[i]!;
    const special = SPECIAL.get(byId.get(id)!.callFrame.functionName);
    if (special === "idle") {
      idle++;
      continue;
    }
    busy++;
    if (special) parts[special]!++;
    else {
      const k = stackPart(id);
      parts[k === -1 ? "other" : o.parts[k]!.name]!++;
    }
  }
  return { busy, idle, parts };
}

/** The profiles `--cpu-prof-dir` holds for one process, main thread first (thread 0), then its workers. */
export function profilesOf(dir: string, pid: number): string[] {
  const thread = (f: string) => Number(f.split(".")[4]);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile") && f.split(".")[3] === String(pid))
    .sort((a, b) => thread(a) - thread(b))
    .map((f) => `${dir}/${f}`);
}

export function loadSourceMap(file: string): SourceMap {
  return new SourceMap(JSON.parse(fs.readFileSync(file, "utf8")));
}

/** Monotonic clock in µs (the clock V8's CPU profiles use on Linux). */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);
