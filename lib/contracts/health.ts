// Health checks (docs/HEALTH_CHECKS.md): the check itself and the options of each built-in
// protocol. Shared by the API, the checkers and the dashboard form (which shows the fields of the
// chosen protocol).
import { z } from "zod";
import { authorship, nullableNumbers, numbers } from "./fields";
import { RE2JS } from "re2js";
import { headersSchema } from "./headers";

export const HEALTH_PROTOCOLS = ["http", "https", "tcp", "grpc", "websocket", "custom"] as const;
export const healthProtocolSchema = z.enum(HEALTH_PROTOCOLS, { message: `must be one of ${HEALTH_PROTOCOLS.join(", ")}` });
export type HealthProtocol = z.infer<typeof healthProtocolSchema>;

/** "200-399" or "200,204,300-308": statuses a healthy answer may have. */
export const statusSpecSchema = z
  .string()
  .trim()
  .regex(/^\d{3}(-\d{3})?(\s*,\s*\d{3}(-\d{3})?)*$/, "must be statuses or ranges, e.g. 200-399 or 200,204");

export function parseStatusSpec(spec: string): [number, number][] {
  return spec.split(",").map((part) => {
    const [a, b] = part.trim().split("-");
    return [Number(a), Number(b ?? a)] as [number, number];
  });
}

export const tlsOptionsShape = {
  /** PEM of a CA to trust in addition to the system's. */
  ca: z.string().max(20_000).optional(),
  /** Accept any certificate (self-signed, wrong host): for test setups only. */
  insecureSkipVerify: z.boolean().default(false),
};

export const httpOptionsSchema = z
  .object({
    method: z.enum(["GET", "HEAD", "POST", "PUT", "OPTIONS"]).default("GET"),
    expectStatus: statusSpecSchema.default("200-399"),
    /** Text the body must contain (or match, with bodyMatch "regex"). */
    expectBody: z.string().max(1000).optional(),
    bodyMatch: z.enum(["substring", "regex"]).default("substring"),
    headers: headersSchema.optional(),
    followRedirects: z.boolean().default(false),
    ...tlsOptionsShape,
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.expectBody !== undefined && o.bodyMatch === "regex") {
      try {
        RE2JS.compile(o.expectBody); // the checker matches with RE2 (linear time on untrusted bodies)
      } catch {
        ctx.addIssue({ code: "custom", path: ["expectBody"], message: "is not a valid (RE2) regular expression" });
      }
    }
  });
export type HttpOptions = z.output<typeof httpOptionsSchema>;

export const tcpOptionsSchema = z.object({}).strict();
export type TcpOptions = z.output<typeof tcpOptionsSchema>;

export const grpcOptionsSchema = z
  .object({
    /** The service name asked about; "" = the server as a whole. */
    serviceName: z.string().max(200).default(""),
    tls: z.boolean().default(false),
    ...tlsOptionsShape,
  })
  .strict();
export type GrpcOptions = z.output<typeof grpcOptionsSchema>;

export const websocketOptionsSchema = z
  .object({
    /** A message to send once connected. */
    send: z.string().max(4000).optional(),
    /** Text a reply must contain (waits for replies until the timeout). */
    expect: z.string().max(1000).optional(),
    headers: headersSchema.optional(),
    ...tlsOptionsShape,
  })
  .strict();
export type WebsocketOptions = z.output<typeof websocketOptionsSchema>;

export const customOptionsSchema = z
  .object({
    /** Name of a checker registered from a module listed in the config file. */
    checker: z.string().min(1, "is required: the name of a registered custom checker").max(200, "must be at most 200 characters"),
    /** Passed to the checker, validated by its own schema. */
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type CustomOptions = z.output<typeof customOptionsSchema>;

export const PROTOCOL_OPTIONS = {
  http: httpOptionsSchema,
  https: httpOptionsSchema,
  tcp: tcpOptionsSchema,
  grpc: grpcOptionsSchema,
  websocket: websocketOptionsSchema,
  custom: customOptionsSchema,
} as const;

/** What a target looks like per protocol (the server checks it; the form shows it as a hint). */
export const TARGET_HINTS: Record<HealthProtocol, string> = {
  http: "http://host:port/path",
  https: "https://host:port/path",
  tcp: "host:port",
  grpc: "host:port",
  websocket: "ws://host:port/path or wss://…",
  custom: "whatever the custom checker expects",
};

export const healthCheckInputSchema = z
  .object({
    service: z.string().min(1, "is required").max(100, "must be at most 100 characters"),
    protocol: healthProtocolSchema,
    target: z.string().trim().min(1, "is required").max(2000, "must be at most 2000 characters"),
    intervalMs: z.number().int().min(1000, "must be at least 1000 ms").max(3_600_000, "must be at most 1 hour").default(10_000),
    timeoutMs: z.number().int().min(100, "must be at least 100 ms").max(60_000, "must be at most 60000 ms").default(2_000),
    healthyThreshold: z.number().int().min(1, "must be at least 1").max(100, "must be at most 100").default(2),
    unhealthyThreshold: z.number().int().min(1, "must be at least 1").max(100, "must be at most 100").default(3),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .refine((c) => c.timeoutMs < c.intervalMs, { message: "must be shorter than intervalMs", path: ["timeoutMs"] });
export type HealthCheckInput = z.input<typeof healthCheckInputSchema>;

export const healthStatusSchema = z.enum(["unknown", "healthy", "unhealthy"]);

export const healthResultSchema = z.object({
  at: z.string(),
  healthy: z.boolean(),
  latencyMs: z.number(),
  detail: z.string(),
});
export type HealthResultDto = z.infer<typeof healthResultSchema>;

export const healthCheckDtoSchema = z.object({
  id: z.string(),
  service: z.string(),
  protocol: healthProtocolSchema,
  target: z.string(),
  ...numbers("intervalMs", "timeoutMs", "healthyThreshold", "unhealthyThreshold"),
  options: z.record(z.string(), z.unknown()),
  status: healthStatusSchema,
  since: z.string().nullable().describe("when the current status began"),
  last: healthResultSchema.nullable(),
  lastError: z.string().nullable().describe("detail of the latest failed check"),
  ...authorship(),
});
export type HealthCheckDto = z.infer<typeof healthCheckDtoSchema>;

export const healthMinuteSchema = z.object({
  t: z.string(),
  up: z.number(),
  down: z.number(),
  ...nullableNumbers("p50", "p95", "max"),
});
export type HealthMinuteDto = z.infer<typeof healthMinuteSchema>;

export const healthResultsSchema = z.object({
  check: healthCheckDtoSchema,
  recent: z.array(healthResultSchema).describe("the latest results, newest first (bounded in memory)"),
  minutes: z.array(healthMinuteSchema).describe("per-minute aggregates, oldest first"),
});
