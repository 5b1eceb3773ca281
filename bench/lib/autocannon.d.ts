// Minimal typings for the parts of autocannon 8 the gateway benchmarks use (no @types package).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
    [k: string]: number;
  }
  export interface Result {
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    resets: number;
    statusCodeStats: Record<string, { count: number }>;
    [k: string]: unknown;
  }
  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    overallRate?: number;
    connectionRate?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    [k: string]: unknown;
  }
  export interface Instance extends EventEmitter {
    stop(): void;
  }
  function autocannon(opts: Options, cb: (err: Error | null, result: Result) => void): Instance;
  export default autocannon;
}
