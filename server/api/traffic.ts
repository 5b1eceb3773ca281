import { endpoint } from "./endpoint";
import { json } from "./http";

/** Every configured service's answers by outcome, rates, latency quantiles and 10-s history. */
export const trafficServices = endpoint("GET /api/v1/traffic/services", async ({ rt }) => json(rt.gateway.traffic.snapshot(rt.gateway.services.keys())));
