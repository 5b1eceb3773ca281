/**
 * The `adaptive` benchmark's upstream in its own process (so the load generator cannot delay its
 * timers): bench/lib/capacity-upstream.ts with UPSTREAM_CAPACITY (default 8) requests served at
 * once, UPSTREAM_SERVICE_MS (default 20) each. SIGUSR2 halves the capacity. Prints `LISTENING <port>`.
 */
import { startCapacityUpstream } from "../lib/capacity-upstream";

void startCapacityUpstream({
  capacity: Number(process.env.UPSTREAM_CAPACITY ?? 8),
  serviceMs: Number(process.env.UPSTREAM_SERVICE_MS ?? 20),
}).then((up) => {
  process.on("SIGUSR2", () => {
    up.setCapacity(Math.max(1, Math.floor(up.stats().capacity / 2)));
    console.log(`CAPACITY ${up.stats().capacity}`);
  });
  process.on("SIGTERM", () => {
    console.log(`STATS ${JSON.stringify(up.stats())}`);
    void up.close().then(() => process.exit(0));
  });
  console.log(`LISTENING ${up.port}`);
});
