// "tcp" health check: healthy when a TCP connection is established before the signal aborts.
import net from "node:net";
import { performance } from "node:perf_hooks";
import { tcpOptionsSchema, type TcpOptions } from "@/lib/contracts/health";
import type { CheckResult, HealthChecker } from "../types";
import { describeError, HOST_PORT_HINT, parseHostPort, result, timedOut } from "./common";

export const tcpChecker: HealthChecker<TcpOptions> = {
  name: "tcp",
  optionsSchema: tcpOptionsSchema,

  validateTarget(target) {
    return parseHostPort(target) ? null : HOST_PORT_HINT;
  },

  check(target, _options, signal): Promise<CheckResult> {
    const start = performance.now();
    const hp = parseHostPort(target);
    if (!hp) return Promise.resolve(result(false, start, `invalid target: ${HOST_PORT_HINT}`));
    if (signal.aborted) return Promise.resolve(timedOut(start, signal));

    return new Promise<CheckResult>((resolve) => {
      const socket = net.connect({ host: hp.host, port: hp.port });
      let settled = false;
      const finish = (r: CheckResult) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        socket.removeAllListeners("connect");
        socket.on("error", () => {}); // late errors after destroy are irrelevant
        socket.destroy();
        resolve(r);
      };
      const onAbort = () => finish(timedOut(start, signal));
      signal.addEventListener("abort", onAbort, { once: true });
      socket.once("connect", () => finish(result(true, start, "connected")));
      socket.once("error", (err) => finish(result(false, start, describeError(err))));
      socket.once("close", () => finish(result(false, start, "connection closed")));
    });
  },
};
