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

  it("an emit reaches the listeners it started with, whatever they subscribe or unsubscribe meanwhile", () => {
    const hub = new EventHub<{ ping: { n: number } }>((e) => seen.push(`error ${(e as Error).message}`));
    const seen: string[] = [];
    const offB = (): void => offSecond();
    hub.on("ping", (p) => {
      seen.push(`a${p.n}`);
      offB(); // removes b, which this emit still calls
      hub.on("ping", (q) => seen.push(`c${q.n}`)); // added: called from the next emit on
    });
    const offSecond = hub.on("ping", (p) => {
      seen.push(`b${p.n}`);
      throw new Error("b failed");
    });
    hub.emit("ping", { n: 1 });
    expect(seen).toEqual(["a1", "b1", "error b failed"]);
    seen.length = 0;
    hub.emit("ping", { n: 2 });
    expect(seen).toEqual(["a2", "c2"]);
    offSecond(); // already gone: nothing else is removed
    seen.length = 0;
    hub.emit("ping", { n: 3 });
    expect(seen).toEqual(["a3", "c3", "c3"]);
  });
});
