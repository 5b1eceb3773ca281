// Low finding: openapi.json lacked /health-checks*, /health-checkers and /cluster. It is now
// generated from the route table the handlers are served from; this walks the served route files
// and checks every exported method is documented, with the role the server actually enforces.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/server";
import { startGateway, type GatewayUnderTest } from "../helpers/upstreams";
import { ApiClient } from "../helpers/api-client";

const API_DIR = path.join(ROOT, "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name.startsWith("[...") ? [] : routeFiles(full); // [...rest]: the JSON 404
    return name === "route.ts" ? [full] : [];
  });
}

async function servedRoutes(): Promise<{ method: string; path: string }[]> {
  const out: { method: string; path: string }[] = [];
  for (const file of routeFiles(API_DIR)) {
    const mod = (await import(file)) as Record<string, unknown>;
    const rel = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).join("/");
    const apiPath = `/${rel}`.replace(/\[(\w+)\]/g, "{$1}");
    for (const m of METHODS) if (typeof mod[m] === "function") out.push({ method: m, path: apiPath });
  }
  return out;
}

describe("openapi.json documents every served route", () => {
  let g: GatewayUnderTest;
  let doc: any;
  let served: { method: string; path: string }[];

  beforeAll(async () => {
    g = await startGateway({ provider: "sqlite" });
    const r = await fetch(`${g.server.url}/api/v1/openapi.json`);
    expect(r.status).toBe(200);
    doc = await r.json();
    served = await servedRoutes();
  });
  afterAll(async () => {
    await g?.stop();
  });

  it("has every method of every app/api/v1/**/route.ts, and nothing that is not served", () => {
    expect(served.length).toBeGreaterThan(40);
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const servedKeys = served.map((r) => `${r.method} ${r.path}`);
    expect(servedKeys.filter((k) => !documented.includes(k))).toEqual([]);
    expect(documented.filter((k) => !servedKeys.includes(k))).toEqual([]);
    for (const p of ["/api/v1/health-checks", "/api/v1/health-checks/{id}", "/api/v1/health-checks/{id}/results", "/api/v1/health-checkers", "/api/v1/cluster"]) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });

  it("the documented role is the one the server enforces", async () => {
    const anonymous = new ApiClient(g.server.url);
    const checked: string[] = [];
    for (const { method, path: p } of served) {
      const op = doc.paths[p][method.toLowerCase()];
      const role = /Needs the (\w+) role/.exec(op.description)?.[1] ?? "public";
      if (role === "public") continue;
      const url = p.replace(/\{\w+\}/g, "no-such-thing");
      const anon = await anonymous.request(method, url, method === "GET" || method === "DELETE" ? undefined : {});
      expect(anon.status, `${method} ${p} without credentials`).toBe(401);
      if (role !== "viewer") {
        const asViewer = await g.viewer.request(method, url, method === "GET" || method === "DELETE" ? undefined : {});
        expect(asViewer.status, `${method} ${p} as a viewer`).toBe(403);
      }
      checked.push(`${method} ${p}`);
    }
    expect(checked.length).toBeGreaterThan(35);
  });
});
