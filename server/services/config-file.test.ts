import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigFileError, loadConfigFile } from "./config-file";

const dir = mkdtempSync(path.join(os.tmpdir(), "bw-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const write = (text: string) => {
  const file = path.join(dir, `c${++n}.yaml`);
  writeFileSync(file, text);
  return file;
};
const problems = (file: string): string[] => {
  try {
    loadConfigFile(file, dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigFileError);
    return (err as ConfigFileError).problems;
  }
  throw new Error("the file was accepted");
};

describe("config file", () => {
  it("loads services", () => {
    const cfg = loadConfigFile(write("services:\n  - name: payments\n    baseUrl: http://127.0.0.1:9000\n"), dir);
    expect(cfg.services.map((s) => s.name)).toEqual(["payments"]);
  });

  it("reads bulkhead.adaptive from YAML and names a bad field by its path", () => {
    const cfg = loadConfigFile(
      write("services:\n  - name: payments\n    baseUrl: http://127.0.0.1:9000\n    bulkhead:\n      maxQueue: 0\n      adaptive: { algorithm: gradient2, maxLimit: 64, tolerance: 1.3 }\n"),
      dir,
    );
    expect(cfg.services[0]!.bulkhead.adaptive).toMatchObject({ algorithm: "gradient2", minLimit: 4, maxLimit: 64, initialLimit: 20, tolerance: 1.3 });
    const p = problems(write("services:\n  - name: payments\n    baseUrl: http://127.0.0.1:9000\n    bulkhead: { adaptive: { algorithm: aimd, backoffRatio: 2 } }\n"));
    expect(p.join("\n")).toContain("services.0.bulkhead.adaptive.backoffRatio");
  });

  it("refuses a YAML alias bomb with the listed-errors message instead of crashing", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const file = write(`${levels.join("\n")}\nservices: []\n`);
    const p = problems(file);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^YAML: too many alias/);
    expect(() => loadConfigFile(file, dir)).toThrow(/invalid config file .*\n {2}- YAML: too many alias/);
  });

  it("supports << merge keys", () => {
    const cfg = loadConfigFile(
      write(
        [
          "services:",
          "  - &base",
          "    name: payments",
          "    baseUrl: http://127.0.0.1:9000",
          "    retry: { maxAttempts: 2 }",
          "  - <<: *base",
          "    name: orders",
        ].join("\n"),
      ),
      dir,
    );
    expect(cfg.services[1]).toMatchObject({ name: "orders", baseUrl: "http://127.0.0.1:9000", retry: { maxAttempts: 2 } });
  });

  it("lists schema problems by path", () => {
    expect(problems(write("services:\n  - name: x\n"))[0]).toMatch(/^services\.0\./);
  });
});
