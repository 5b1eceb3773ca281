// GET /healthz (the process serves) and GET /readyz (its dependencies answer).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Runtime } from "../runtime";
import { sendJson } from "./json";

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

/** A listening port, as /readyz reports it. */
export interface ListenerInfo {
  port: number;
  url: string;
  listening: boolean;
}

export function handleHealthz(_req: IncomingMessage, res: ServerResponse, state: { shuttingDown: boolean }): void {
  if (state.shuttingDown) return sendJson(res, 503, { status: "shutting_down" });
  sendJson(res, 200, { status: "ok" });
}

export async function handleReadyz(
  _req: IncomingMessage,
  res: ServerResponse,
  rt: Runtime,
  extra: ReadinessCheck[],
  state: { shuttingDown: boolean },
  listeners: Record<string, ListenerInfo> = {},
): Promise<void> {
  const checks: ReadinessCheck[] = [{ name: "database", check: () => rt.persistence.ping() }, ...extra];
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        await withTimeout(c.check(), 2000);
        return { name: c.name, ok: true as const };
      } catch (err) {
        return { name: c.name, ok: false as const, error: (err as Error).message };
      }
    }),
  );
  for (const [name, l] of Object.entries(listeners)) {
    results.push(l.listening ? { name: `${name}_listener`, ok: true as const } : { name: `${name}_listener`, ok: false as const, error: "not listening" });
  }
  const failing = results.filter((r) => !r.ok);
  if (state.shuttingDown) return sendJson(res, 503, { status: "shutting_down", checks: results, listeners });
  if (failing.length > 0) {
    return sendJson(res, 503, {
      status: "unavailable",
      failing: failing.map((f) => f.name),
      message: `not ready: ${failing.map((f) => `${f.name} ${f.name.endsWith("_listener") ? "not listening" : "unreachable"}`).join(", ")}`,
      checks: results,
      listeners,
    });
  }
  sendJson(res, 200, { status: "ready", checks: results, listeners });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e as Error)),
    );
  });
}
