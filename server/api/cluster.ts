import { json, route } from "./http";

/** Single instance, or the cluster's instances and whether it is degraded (Redis unreachable). */
export const clusterStatus = route({ role: "viewer" }, async ({ rt }) => json(rt.clusterStatus()));
