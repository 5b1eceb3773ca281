// `npm run demo`'s ready-made chaos experiment, created by the demo's own function through the API of
// a real server: scheduled a minute ahead, listed for the Experiments page with its summary, and
// audited; a wrong admin password or a refusal is reported in words that say what to do. Also the
// demo's admin password: the environment's, or one chosen once and kept for later runs.
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAdminPassword } from "../../scripts/demo/admin";
import { createDemoExperiment, DEMO_EXPERIMENT, DEMO_EXPERIMENT_START_IN_SECONDS, DemoSignInError } from "../../scripts/demo/experiment";
import { ADMIN_PW, startGateway, type GatewayUnderTest } from "../helpers/upstreams";

describe("the demo's chaos experiment", () => {
  let g: GatewayUnderTest;

  beforeAll(async () => {
    g = await startGateway();
    const up = await g.upstream();
    await g.createService({ name: "healthy", baseUrl: up.url });
  });
  afterAll(async () => {
    await g?.stop();
  });

  it("is created through the API, scheduled to start later, and listed for the Experiments page", async () => {
    const before = Date.now();
    const e = await createDemoExperiment({ base: g.server.url, password: ADMIN_PW, startInSeconds: DEMO_EXPERIMENT_START_IN_SECONDS });
    const after = Date.now();
    expect(e.status).toBe("scheduled");
    expect(Date.parse(e.startAt)).toBeGreaterThanOrEqual(before + 60_000 - 1);
    expect(Date.parse(e.startAt)).toBeLessThanOrEqual(after + 60_000);
    const summary = "for 2 min, 60 % of `healthy` requests get HTTP 503; stops if the error rate is above 90 % over 30 s";
    expect(e.summary).toBe(summary);

    const listed = await g.operator.get("/api/v1/experiments?status=scheduled,running");
    expect(listed.json).toEqual([
      expect.objectContaining({ id: e.id, name: DEMO_EXPERIMENT.name, service: "healthy", status: "scheduled", startAt: e.startAt, createdBy: "admin", summary, faults: DEMO_EXPERIMENT.faults }),
    ]);
    // nothing is injected before startAt
    expect((await g.gw("healthy", "/")).status).toBe(200);
    const audit = (await g.admin.get("/api/v1/audit")).json as { action: string; target: string; actor: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ action: "experiment.create", target: `experiment:${e.id}`, actor: "admin" }));
  });

  it("says what went wrong and what to do: another admin password, or the API's refusal", async () => {
    const wrong = createDemoExperiment({ base: g.server.url, password: "not-the-password", startInSeconds: 60 });
    await expect(wrong).rejects.toBeInstanceOf(DemoSignInError);
    await expect(wrong).rejects.toThrow(/signing in as admin failed \(401\).*BREAKWATER_ADMIN_PASSWORD.*delete data\/demo\.db/);
    // the first one holds the service at that time: one experiment per service
    await expect(createDemoExperiment({ base: g.server.url, password: ADMIN_PW, startInSeconds: 90 })).rejects.toThrow(/the API refused the experiment \(409\).*healthy/);
  });
});

describe("the demo's admin password", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bw-demo-admin-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is BREAKWATER_ADMIN_PASSWORD when set; otherwise chosen once, kept owner-only, and the same on later runs", () => {
    const file = path.join(dir, "data", "demo-admin-password");
    expect(demoAdminPassword(file, { BREAKWATER_ADMIN_PASSWORD: "from-the-environment" })).toEqual({ password: "from-the-environment", from: "env" });
    expect(existsSync(file)).toBe(false);
    const first = demoAdminPassword(file, {});
    expect(first.from).toBe("new");
    expect(first.password.length).toBeGreaterThanOrEqual(16);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(demoAdminPassword(file, {})).toEqual({ password: first.password, from: "saved" });
  });
});
