// Chaos experiments (docs/CHAOS.md): operators create and stop them, viewers read them. Every
// endpoint answers 403 chaos_disabled when BREAKWATER_CHAOS=off; create and stop are audited.
import { endpoint } from "./endpoint";
import { json } from "./http";

export const listExperiments = endpoint("GET /api/v1/experiments", async ({ rt, query }) => json(await rt.chaos.list(query)));

export const createExperiment = endpoint("POST /api/v1/experiments", async ({ rt, body, principal }) => json(await rt.chaos.create(principal, body), 201));

export const getExperiment = endpoint("GET /api/v1/experiments/{id}", async ({ rt }, { id }) => json(await rt.chaos.get(id)));

export const stopExperiment = endpoint("POST /api/v1/experiments/{id}/stop", async ({ rt, principal }, { id }) => json(await rt.chaos.stop(principal, id)));

export const stopAllExperiments = endpoint("POST /api/v1/experiments/stop-all", async ({ rt, principal }) => json(await rt.chaos.stopAll(principal)));
