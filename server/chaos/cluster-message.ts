// The one message chaos experiments send between the instances of a cluster, over the cluster's
// definition-change channel (kind "experiment"): an experiment began (the others run it on their
// own traffic too) or ended (everyone stops injecting it at once).
export type ChaosClusterMessage = { op: "begin" | "end"; id: string };

export function formatChaosMessage(m: ChaosClusterMessage): string {
  return `${m.op}:${m.id}`;
}

export function parseChaosMessage(key: string): ChaosClusterMessage | undefined {
  const at = key.indexOf(":");
  const op = key.slice(0, at);
  const id = key.slice(at + 1);
  if (at < 1 || !id || (op !== "begin" && op !== "end")) return undefined;
  return { op, id };
}
