import { describe, expect, it } from "vitest";
import { EventHub } from "./events";

describe("events", () => {
  it("delivers one payload per event to each listener, in order", () => {
    const hub = new EventHub<{ ping: { n: number } }>();
    const seen: number[] = [];
    const off = hub.on("ping", (p) => seen.push(p.n));
    hub.on("ping", (p) => seen.push(p.n * 10));
    hub.emit("ping", { n: 1 });
    off();
    hub.emit("ping", { n: 2 });
    expect(seen).toEqual([1, 10, 20]);
    expect(hub.has("ping")).toBe(true);
  });
});
