// The config channel: a definition changed on one instance (service, SLO, health check, alerts) is
// announced on Redis; the other instances' handlers reload it. Nothing is announced while degraded.
import type { CommandClient } from "./redis-clients";
import type { ClusterKeys } from "./scripts";

/** A definition changed on one instance (service, SLO, health check): the others reload it. */
export interface ConfigChange {
  kind: "service" | "slo" | "health" | "alerts" | "experiment";
  key: string;
  origin: string;
}

export function createConfigChannel(cmd: CommandClient, keys: ClusterKeys, instanceId: string, isDegraded: () => boolean) {
  const handlers: ((m: ConfigChange) => void)[] = [];
  return {
    /** A message on the config channel (another instance's change reaches the handlers). */
    receive(message: string): void {
      try {
        const m = JSON.parse(message) as ConfigChange;
        if (m.origin !== instanceId) for (const h of handlers) h(m);
      } catch {
        // not ours
      }
    },
    /** Tells the other instances to reload a definition from the database. */
    changed(kind: ConfigChange["kind"], key: string): void {
      if (isDegraded()) return;
      void cmd.publish(keys.config, JSON.stringify({ kind, key, origin: instanceId })).catch(() => undefined);
    },
    onChange(handler: (m: ConfigChange) => void): void {
      handlers.push(handler);
    },
  };
}
