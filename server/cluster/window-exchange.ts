// Window merging: every 250 ms each closed breaker's window summary is shared (only when it changed),
// the other instances' summaries are read back (when ours changed, or when the trip needs a quorum
// of instances) and the breaker trips when the merged windows say so (merged-trip.ts).
import type { ClusterContext } from "./cluster-context";
import { tripOnMergedWindows } from "./merged-trip";

export function createWindowExchange(deps: ClusterContext) {
  /** What was last shared per breaker ("calls/failures/slow"). */
  const lastPushed = new Map<string, string>();
  /** Exchange rounds completed (GET /api/v1/cluster: `windowExchanges`). */
  let rounds = 0;

  return {
    /** Shares each closed breaker's window summary; trips when the merged windows say so. */
    async exchange(): Promise<void> {
      if (deps.degraded.isDegraded()) return;
      const p = deps.cmd.pipeline();
      const reads: string[] = [];
      for (const [name, b] of deps.breakers.all()) {
        if (b.state !== "closed") continue;
        const m = b.metrics();
        const summary = JSON.stringify({ calls: m.calls, failures: m.failures, slow: m.slowCalls, at: deps.clock.now() });
        const changed = lastPushed.get(name) !== `${m.calls}/${m.failures}/${m.slowCalls}`;
        if (changed) {
          lastPushed.set(name, `${m.calls}/${m.failures}/${m.slowCalls}`);
          p.hset(deps.keys.window(name), deps.instanceId, summary);
          p.pexpire(deps.keys.window(name), 10_000);
        }
        if (changed || deps.breakers.tripQuorum(name) > 1) {
          p.hgetall(deps.keys.window(name));
          reads.push(name);
        }
      }
      if (p.length === 0) return void rounds++;
      let res: [Error | null, unknown][] | null;
      try {
        res = await p.exec();
      } catch (err) {
        deps.degraded.set(true, (err as Error).message);
        return;
      }
      const results = (res ?? []).filter((_, i, all) => all.length > 0 && typeof _?.[1] === "object" && _?.[1] !== null && !Array.isArray(_?.[1]));
      reads.forEach((name, i) => tripOnMergedWindows(deps.breakers, name, results[i]?.[1] as Record<string, string> | undefined, deps.clock.now()));
      rounds++;
    },
    /** Rounds completed since start (every 250 ms unless Redis is unreachable). */
    rounds: (): number => rounds,
    forget(name: string): void {
      lastPushed.delete(name);
    },
  };
}
