// The demo's ready-made chaos experiment: 60 % of `healthy`'s requests answer 503 for 2 minutes,
// enough for its breaker (50 % failures) to open; stops by itself if 90 % of all its answers fail
// over 30 s. The demo creates it through the API (signed in as admin), scheduled a minute after
// the demo is up, and also writes it to a file for posting again later (docs/CHAOS.md "Demo").
import { writeFileSync } from "node:fs";
import { experimentCreateSchema, type ExperimentCreateInput } from "../../lib/contracts/experiments";
import { describeExperiment } from "../../lib/engine/chaos/summary";

export const DEMO_EXPERIMENT: ExperimentCreateInput = {
  name: "healthy answers 503",
  service: "healthy",
  faults: [{ type: "error", status: 503, percent: 100, body: "injected by the demo experiment" }],
  target: { percent: 60 },
  durationSeconds: 120,
  stopConditions: [{ type: "error_rate", above: 90, windowSeconds: 30 }],
  hypothesis: { breakerOpensWithinSeconds: 30, maxErrorRate: 75 },
};

/** The demo experiment starts this long after the demo is up: time to open the Experiments page. */
export const DEMO_EXPERIMENT_START_IN_SECONDS = 60;

/** Writes the definition (checked against the API's schema) and returns its one-line summary. */
export function writeDemoExperiment(file: string): string {
  const def = experimentCreateSchema.parse(DEMO_EXPERIMENT);
  writeFileSync(file, `${JSON.stringify(DEMO_EXPERIMENT, null, 2)}\n`);
  return describeExperiment(def);
}

export interface CreatedDemoExperiment {
  id: string;
  status: string;
  summary: string;
  startAt: string;
}

async function send(base: string, path: string, body: unknown, cookie?: string): Promise<{ status: number; text: string; cookie?: string }> {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    // a cookie-signed mutation must come from the dashboard's own origin
    headers: { "content-type": "application/json", origin: new URL(base).origin, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  const setCookie = res.headers.get("set-cookie")?.split(";")[0];
  return { status: res.status, text: await res.text(), ...(setCookie ? { cookie: setCookie } : {}) };
}

/** The demo could not sign in as admin (its password is not the database's). */
export class DemoSignInError extends Error {}

/**
 * Signs in as `admin` on the control plane at `base` and creates the demo experiment through the
 * API, scheduled `startInSeconds` from now. Throws an Error that says what failed and what to do.
 */
export async function createDemoExperiment(o: { base: string; password: string; startInSeconds: number }): Promise<CreatedDemoExperiment> {
  const login = await send(o.base, "/api/v1/auth/login", { username: "admin", password: o.password });
  if (login.status === 401) {
    throw new DemoSignInError(
      "signing in as admin failed (401): the demo database was set up with another admin password. " +
        "Run the demo with BREAKWATER_ADMIN_PASSWORD set to it, or delete data/demo.db to start afresh",
    );
  }
  if (login.status !== 200 || !login.cookie) throw new DemoSignInError(`signing in as admin failed (${login.status}): ${login.text}`);
  const startAt = new Date(Date.now() + o.startInSeconds * 1000).toISOString();
  const created = await send(o.base, "/api/v1/experiments", { ...DEMO_EXPERIMENT, startAt }, login.cookie);
  if (created.status !== 201) throw new Error(`the API refused the experiment (${created.status}): ${created.text}`);
  const dto = JSON.parse(created.text) as CreatedDemoExperiment;
  return { id: dto.id, status: dto.status, summary: dto.summary, startAt: dto.startAt };
}
