// tests/integration/metrics-promtool.test.ts lints /metrics with Prometheus's promtool, from
// Debian's prometheus package. Install it when missing (sessions and CI run as root).
import { execSync, spawnSync } from "node:child_process";

const PROMTOOL = process.env.PROMTOOL_PATH ?? "promtool";
const present = () => spawnSync(PROMTOOL, ["--version"], { stdio: "ignore" }).status === 0;

if (!present()) {
  if (process.getuid?.() !== 0) {
    console.error(`promtool is missing (${PROMTOOL}): install Debian's package (apt-get install -y prometheus) or set PROMTOOL_PATH`);
    process.exit(1);
  }
  console.log("promtool is missing: installing Debian's prometheus package…");
  try {
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus", { stdio: "inherit" });
  } catch (err) {
    console.error(`could not install Debian's prometheus package (for promtool): ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  if (!present()) {
    console.error(`apt-get finished but ${PROMTOOL} still does not run`);
    process.exit(1);
  }
}
