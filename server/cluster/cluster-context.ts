// What the cluster's parts share, handed to each explicitly: the command client, the keys, this
// instance's id, the breakers, the clock and degraded mode.
import type { BreakerRegistry } from "../breakers/registry";
import type { ServerClock } from "../clock";
import type { DegradedMode } from "./degraded-mode";
import type { CommandClient } from "./redis-clients";
import type { ClusterKeys } from "./scripts";

export interface ClusterContext {
  cmd: CommandClient;
  keys: ClusterKeys;
  instanceId: string;
  breakers: BreakerRegistry;
  clock: ServerClock;
  degraded: DegradedMode;
}
