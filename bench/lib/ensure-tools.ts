/**
 * The gateway benchmark drives Debian's wrk and compares against Debian's nginx and HAProxy, and
 * pins processes with taskset (util-linux). Missing tools are installed with apt-get when we run as
 * root (sessions and CI do); a tool that still cannot be had is reported as "skipped: …" and the
 * benchmark goes on without it.
 */
import { execFileSync, execSync } from "node:child_process";
import { existsSync } from "node:fs";

export interface Tool {
  /** the binary the benchmark runs */
  bin: string;
  /** Debian package that provides it */
  pkg: string;
}

export const TOOLS = {
  wrk: { bin: "/usr/bin/wrk", pkg: "wrk" },
  nginx: { bin: "/usr/sbin/nginx", pkg: "nginx-light" },
  haproxy: { bin: "/usr/sbin/haproxy", pkg: "haproxy" },
  taskset: { bin: "/usr/bin/taskset", pkg: "util-linux" },
} satisfies Record<string, Tool>;
export type ToolName = keyof typeof TOOLS;

let updated = false;

/**
 * Returns the names of the tools that are available after trying to install the missing ones;
 * prints one "skipped: …" line for each tool that is not.
 */
export function ensureTools(names: readonly ToolName[]): Set<ToolName> {
  const missing = names.filter((n) => !existsSync(TOOLS[n].bin));
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map((n) => TOOLS[n].pkg))];
    if (process.getuid?.() !== 0) {
      console.log(`not root: cannot apt-get install ${pkgs.join(" ")}`);
    } else {
      console.log(`missing ${missing.join(", ")}: installing Debian's ${pkgs.join(" ")}…`);
      try {
        if (!updated) execSync("apt-get update -qq", { stdio: "inherit" });
        updated = true;
        execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...pkgs], {
          stdio: "inherit",
          env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
        });
      } catch (err) {
        console.log(`apt-get install ${pkgs.join(" ")} failed: ${(err as Error).message.split("\n")[0]}`);
      }
    }
  }
  const ok = new Set<ToolName>();
  for (const n of names) {
    if (existsSync(TOOLS[n].bin)) ok.add(n);
    else console.log(`skipped: ${n} (${TOOLS[n].bin}, Debian package ${TOOLS[n].pkg}) is not installed and could not be installed`);
  }
  return ok;
}
