// attributeProfile on a small profile written the way V8 writes them (`--cpu-prof`).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SourceMap } from "node:module";
import { describe, expect, it } from "vitest";
import { attributeProfile, profilesOf } from "./profile-attribution";

const frame = (functionName: string, url = "") => ({ functionName, url, lineNumber: 0, columnNumber: 0, scriptId: "0" });
const PROFILE = {
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 3, 4, 5, 6] },
    { id: 2, callFrame: frame("(idle)") },
    { id: 3, callFrame: frame("(garbage collector)") },
    { id: 4, callFrame: frame("handle", "file:///app/server/gateway/proxy.js"), children: [7] },
    { id: 5, callFrame: frame("toString", "node:internal/util") },
    { id: 6, callFrame: frame("query", "file:///app/node_modules/pg/lib/client.js") },
    { id: 7, callFrame: frame("write", "file:///app/server/persistence/writer.js") },
  ],
  startTime: 1000,
  endTime: 1080,
  // at 1010 … 1080
  samples: [2, 3, 4, 7, 5, 6, 2, 4],
  timeDeltas: [10, 10, 10, 10, 10, 10, 10, 10],
};
const PARTS = [
  { name: "history", files: /server\/persistence\/|node_modules\/pg\// },
  { name: "gateway", files: /server\/gateway\// },
];

function write(dir: string, name: string, profile: object): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(profile));
  return file;
}

describe("attributeProfile", () => {
  it("counts the samples inside the window by the first part on their stack; idle, GC and unmatched apart", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bw-attrib-"));
    const file = write(dir, "CPU.20261201.000000.42.0.001.cpuprofile", PROFILE);
    const sourceMap = new SourceMap({ version: 3, file: "x.js", sources: [], sourcesContent: [], sourceRoot: "", names: [], mappings: "" });
    // window 1015 … 1065: the samples at 1020 … 1060
    const a = attributeProfile(file, { compiledUrl: "dist/server/index.js", sourceMap, parts: PARTS, fromUs: 1015, toUs: 1065 });
    // 1020 GC, 1030 gateway, 1040 persistence called from the gateway → history, 1050 toString → other, 1060 pg → history
    expect(a).toEqual({ busy: 5, idle: 0, parts: { gc: 1, program: 0, other: 1, history: 2, gateway: 1 } });
    const all = attributeProfile(file, { compiledUrl: "dist/server/index.js", sourceMap, parts: PARTS, fromUs: 0, toUs: 2000 });
    expect(all.idle).toBe(2);
    expect(all.parts.gateway).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists one process's profiles main thread first", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bw-attrib-"));
    for (const f of ["CPU.1.2.42.3.004.cpuprofile", "CPU.1.2.42.0.001.cpuprofile", "CPU.1.2.43.0.002.cpuprofile", "CPU.1.2.42.1.003.cpuprofile"]) write(dir, f, PROFILE);
    expect(profilesOf(dir, 42).map((f) => path.basename(f))).toEqual(["CPU.1.2.42.0.001.cpuprofile", "CPU.1.2.42.1.003.cpuprofile", "CPU.1.2.42.3.004.cpuprofile"]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
