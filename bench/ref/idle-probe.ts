/**
 * Control for event-loop delay figures: an idle Node process that measures its own event-loop
 * delay exactly as prom-client does for the server (monitorEventLoopDelay, 10 ms resolution, reset
 * every second) and prints `ELD <p99 ms> <max ms>` each second. Whatever it reports comes from the
 * machine (scheduling, other load), not from any work of its own. Prints `LISTENING 0` when ready.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

const h = monitorEventLoopDelay({ resolution: 10 });
h.enable();
setInterval(() => {
  console.log(`ELD ${(h.percentile(99) / 1e6).toFixed(2)} ${(h.max / 1e6).toFixed(2)}`);
  h.reset();
}, 1000);
console.log("LISTENING 0");
process.on("SIGTERM", () => process.exit(0));
