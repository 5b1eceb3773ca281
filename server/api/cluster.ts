import { endpoint } from "./endpoint";
import { json } from "./http";

/** Single instance, or the cluster's instances and whether it is degraded (Redis unreachable). */
export const clusterStatus = endpoint("GET /api/v1/cluster", async ({ rt }) => json(rt.clusterStatus()));
