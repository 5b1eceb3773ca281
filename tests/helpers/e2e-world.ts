// The set-up shared by the browser tests: a fresh SQLite database, an optional peer (an upstream,
// a health-check target), a real Breakwater (production build) and a Chromium. stop() closes them
// in reverse order; a start that fails half-way closes what it had started.
import { afterAll, beforeAll } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser";
import { freshSqlite, type TestDatabase } from "./databases";
import { PASSWORDS } from "./e2e-dashboard";
import { startServer, type RunningServer } from "./server";

export interface BrowserWorld<P> {
  db: TestDatabase;
  server: RunningServer;
  peer: P;
  browser: Browser;
  stop(): Promise<void>;
}

interface Closable {
  close(): Promise<unknown>;
}

/** Starts the world; stop() stops the server the world holds then (a test may restart it). */
export async function startBrowserWorld<P extends Closable | undefined = undefined>(opts: { peer?: () => Promise<P>; env?: Record<string, string> } = {}): Promise<BrowserWorld<P>> {
  const world = { db: freshSqlite() } as BrowserWorld<P>;
  const started: (() => Promise<unknown>)[] = [() => world.db.drop()];
  world.stop = async () => {
    for (const close of started.splice(0)) await close().catch(() => undefined);
  };
  try {
    world.peer = (await opts.peer?.()) as P;
    if (world.peer) started.unshift(() => world.peer!.close());
    // Chromium starts while the server boots; whichever started is closed if the other failed
    const [server, browser] = await Promise.allSettled([startServer({ databaseUrl: world.db.url, env: opts.env ?? { BREAKWATER_ADMIN_PASSWORD: PASSWORDS.admin } }), launchBrowser()]);
    if (server.status === "fulfilled") {
      world.server = server.value;
      started.unshift(() => world.server.stop());
    }
    if (browser.status === "fulfilled") {
      world.browser = browser.value;
      started.unshift(() => world.browser.close());
    }
    for (const r of [server, browser]) if (r.status === "rejected") throw r.reason;
    return world;
  } catch (err) {
    await world.stop();
    throw err;
  }
}

/**
 * Registers beforeAll/afterAll for a world made by `start` and returns it: its fields are there
 * from beforeAll on (use them inside hooks and tests, not at collection time).
 */
export function useWorld<W extends object>(start: () => Promise<W>, stop: (w: W) => Promise<void>): W {
  const world = {} as W;
  let started: W | undefined;
  beforeAll(async () => {
    started = await start();
    Object.assign(world, started);
  });
  afterAll(async () => {
    if (started) await stop(started);
  });
  return world;
}
