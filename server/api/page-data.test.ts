import { afterEach, describe, expect, it } from "vitest";
import type { Runtime } from "../runtime";
import { AppError, notFound } from "../errors";
import { loadAlert, loadService, loadSlo, loadTransitions, orNotFound } from "./page-data";

// A runtime whose lookups fail the way the real modules do: notFound() for a missing record, a
// plain Error (as Prisma throws when the database is unreachable) for anything else.
function install(fail: "missing" | "database") {
  const boom = () => {
    throw fail === "missing" ? notFound("record 'x'") : new Error("Can't reach database server at 127.0.0.1:5432");
  };
  const reject = async () => boom();
  globalThis.__breakwaterRuntime = {
    services: { get: boom },
    slos: { get: boom, status: boom },
    alerts: { get: reject },
    breakers: { transitions: reject },
  } as unknown as Runtime;
}

afterEach(() => {
  globalThis.__breakwaterRuntime = undefined;
});

describe("page data: a missing record is a 404, any other failure reaches the error page", () => {
  it("gives null only for not_found", async () => {
    expect(await orNotFound(() => 42)).toBe(42);
    expect(await orNotFound(async () => "x")).toBe("x");
    expect(await orNotFound(() => Promise.reject(notFound("service 'a'")))).toBeNull();
    await expect(orNotFound(() => Promise.reject(new Error("connection refused")))).rejects.toThrow("connection refused");
    await expect(orNotFound(() => Promise.reject(new AppError(503, "unavailable", "database is down")))).rejects.toThrow("database is down");
  });

  it("maps missing records of every loader to null (the page's notFound())", async () => {
    install("missing");
    expect(await loadService("x")).toBeNull();
    expect(await loadSlo("x")).toBeNull();
    expect(await loadAlert("x")).toBeNull();
    expect(await loadTransitions("x")).toEqual([]);
  });

  it("throws a database failure on instead of pretending the record is missing", async () => {
    install("database");
    await expect(loadService("x")).rejects.toThrow(/reach database/);
    await expect(loadSlo("x")).rejects.toThrow(/reach database/);
    await expect(loadAlert("x")).rejects.toThrow(/reach database/);
    await expect(loadTransitions("x")).rejects.toThrow(/reach database/);
  });
});
