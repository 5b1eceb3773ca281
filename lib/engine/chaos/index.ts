/** Chaos experiments: pure logic (fault selection, pacing, stop conditions, verdicts, lifecycle). */
export * from "./types";
export * from "./selection";
export * from "./summary";
export * from "./stop-conditions";
export * from "./hypothesis";
export * from "./pacer";
export * from "./state-machine";
export * from "./observation";
