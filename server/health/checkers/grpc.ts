// "grpc" health check: the standard grpc.health.v1.Health/Check over HTTP/2 with @grpc/grpc-js
// (plaintext or TLS, optional service name). SERVING is healthy; any other status or error is not.
// Messages are encoded by hand (grpc-health-codec.ts); each check uses its own client and
// subchannel pool, closed on every path.
import { performance } from "node:perf_hooks";
import type { Socket } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { grpcOptionsSchema, type GrpcOptions } from "@/lib/contracts/health";
import type { CheckResult, HealthChecker } from "../types";
import { describeText, HOST_PORT_HINT, parseHostPort, prepareCheck, quote, result, timedOut } from "./common";
import {
  decodeHealthCheckResponse,
  encodeHealthCheckRequest,
  HEALTH_CHECK_PATH,
  servingStatusName,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from "./grpc-health-codec";
import { tlsRootBundle } from "./tls";

const SERVING = 1;

function statusName(code: number): string {
  return (grpc.status as unknown as Record<number, string>)[code] ?? `code ${code}`;
}

function describeServiceError(err: grpc.ServiceError, serviceName: string): string {
  const details = (err.details || err.message || "").trim();
  switch (err.code) {
    case grpc.status.NOT_FOUND:
      return `service ${quote(serviceName)} unknown (NOT_FOUND)`;
    case grpc.status.UNIMPLEMENTED:
      return "the server does not offer grpc.health.v1 (UNIMPLEMENTED)";
    case grpc.status.UNAVAILABLE:
    case grpc.status.INTERNAL:
    case grpc.status.UNKNOWN: {
      const known = describeText(details);
      if (known) return known;
      break;
    }
  }
  const line = details.split("\n", 1)[0]!;
  return `${statusName(err.code)}${line ? `: ${line.length > 140 ? `${line.slice(0, 140)}…` : line}` : ""}`;
}

function credentialsFor(o: GrpcOptions): grpc.ChannelCredentials {
  if (!o.tls) return grpc.credentials.createInsecure();
  const verify: grpc.VerifyOptions = o.insecureSkipVerify
    ? { rejectUnauthorized: false, checkServerIdentity: () => undefined }
    : {};
  return grpc.credentials.createSsl(tlsRootBundle(o), null, null, verify);
}

type SecureConnector = ReturnType<grpc.ChannelCredentials["_createSecureConnector"]>;

/**
 * Delegates to the real credentials but remembers every TCP socket grpc-js hands to the secure
 * connector. Closing a client only closes HTTP/2 sessions gracefully, which never finishes against a
 * peer that accepted the connection and went silent; destroying these sockets ends it for sure.
 */
class SocketTrackingCredentials extends grpc.ChannelCredentials {
  readonly sockets = new Set<Socket>();
  /** Set once the check is over: a connection grpc-js completes after that is destroyed on arrival. */
  private closed = false;
  constructor(private readonly inner: grpc.ChannelCredentials) {
    super();
  }
  override _isSecure(): boolean {
    return this.inner._isSecure();
  }
  override _equals(other: grpc.ChannelCredentials): boolean {
    return other === this;
  }
  override _createSecureConnector(
    ...args: Parameters<grpc.ChannelCredentials["_createSecureConnector"]>
  ): SecureConnector {
    const connector = this.inner._createSecureConnector(...args);
    const track = (socket: Socket) => {
      // aborted while grpc-js was still connecting: it does not stop on close, so end it here
      if (this.closed) return void socket.destroy();
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    };
    return {
      connect: (socket) => {
        track(socket);
        return connector.connect(socket).then((r) => {
          track(r.socket);
          return r;
        });
      },
      waitForReady: () => connector.waitForReady(),
      getCallCredentials: () => connector.getCallCredentials(),
      destroy: () => connector.destroy(),
    };
  }
  destroySockets(): void {
    this.closed = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}

export const grpcChecker: HealthChecker<GrpcOptions> = {
  name: "grpc",
  optionsSchema: grpcOptionsSchema,

  validateTarget(target) {
    return parseHostPort(target) ? null : HOST_PORT_HINT;
  },

  check(target, rawOptions, signal): Promise<CheckResult> {
    const start = performance.now();
    if (!parseHostPort(target))
      return Promise.resolve(result(false, start, `invalid target: ${HOST_PORT_HINT}`));
    const prepared = prepareCheck(grpcOptionsSchema, rawOptions, start, signal);
    if ("done" in prepared) return Promise.resolve(prepared.done);
    const o = prepared.options;

    return new Promise<CheckResult>((resolve) => {
      const credentials = new SocketTrackingCredentials(credentialsFor(o));
      let client: grpc.Client | undefined;
      let call: grpc.ClientUnaryCall | undefined;
      let settled = false;
      const finish = (r: CheckResult) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        try {
          call?.cancel();
        } catch {
          // already finished
        }
        try {
          client?.close();
        } catch {
          // already closed
        }
        credentials.destroySockets();
        resolve(r);
      };
      const onAbort = () => finish(timedOut(start, signal));
      signal.addEventListener("abort", onAbort, { once: true });
      try {
        client = new grpc.Client(target.trim(), credentials, {
          "grpc.use_local_subchannel_pool": 1,
          "grpc.enable_retries": 0,
          "grpc.enable_channelz": 0,
        });
        call = client.makeUnaryRequest<HealthCheckRequest, HealthCheckResponse>(
          HEALTH_CHECK_PATH,
          encodeHealthCheckRequest,
          (buf) => decodeHealthCheckResponse(buf),
          { service: o.serviceName },
          new grpc.Metadata(),
          {},
          (err, res) => {
            if (settled) return;
            if (err) {
              if (signal.aborted || err.code === grpc.status.DEADLINE_EXCEEDED)
                return finish(timedOut(start, signal));
              return finish(result(false, start, describeServiceError(err, o.serviceName)));
            }
            const status = res?.status ?? 0;
            finish(result(status === SERVING, start, servingStatusName(status)));
          },
        );
      } catch (err) {
        finish(result(false, start, err instanceof Error ? err.message : String(err)));
      }
    });
  },
};
