// Environment configuration, validated once at start-up. Every variable is documented in README.md.
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { parseTrustProxy, type ProxyTrust } from "./http/trusted-proxies";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  BREAKWATER_GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  BREAKWATER_GATEWAY_HOST: z.string().min(1).optional(),
  BREAKWATER_GATEWAY_PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z
    .string()
    .default("file:./data/breakwater.db")
    .refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), {
      message: "must start with file: (SQLite) or postgresql:// (PostgreSQL)",
    }),
  REDIS_URL: z.string().optional(),
  BREAKWATER_ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  BREAKWATER_SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  BREAKWATER_PUBLIC_URL: z.string().url().optional(),
  BREAKWATER_TRUST_PROXY: z
    .string()
    .default("false")
    .transform((v, ctx) => {
      try {
        return parseTrustProxy(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: `must be true, false, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs: ${(err as Error).message}` });
        return z.NEVER;
      }
    }),
  BREAKWATER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  BREAKWATER_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(300_000),
  BREAKWATER_SLO_FLUSH_INTERVAL_MS: z.coerce.number().int().min(1000, "must be at least 1000").max(60_000, "must be at most 60000").default(10_000),
  BREAKWATER_BUILD_ON_START: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  BREAKWATER_CONFIG: z.string().optional(),
  BREAKWATER_REDIS_NAMESPACE: z.string().regex(/^[A-Za-z0-9_-]{1,50}$/, "letters, digits, '_' and '-' (at most 50)").default("breakwater"),
  BREAKWATER_INSTANCE_ID: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, "letters, digits, '.', '_', ':' and '-' (at most 100)").optional(),
  BREAKWATER_MAX_BODY_BYTES: z.coerce.number().int().min(0).default(10 * 1024 * 1024),
  BREAKWATER_REPLAY_BUFFER_BYTES: z.coerce.number().int().min(0).default(64 * 1024),
  BREAKWATER_API_MAX_BODY_BYTES: z.coerce.number().int().min(1024, "must be at least 1024").default(1024 * 1024),
  BREAKWATER_CHAOS: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type DatabaseConfig =
  | { provider: "sqlite"; url: string; file: string }
  | { provider: "postgresql"; url: string };

export interface AppConfig {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  /** The data plane's own listener (services at /<service>/…); 0 picks a free port. */
  gatewayPort: number;
  gatewayHost: string;
  /** How users reach the gateway when it is behind a proxy (else derived from host and port). */
  gatewayPublicUrl?: string;
  database: DatabaseConfig;
  redisUrl?: string;
  adminPassword?: string;
  sessionTtlMs: number;
  publicUrl?: string;
  /** True when any proxy is trusted (X-Forwarded-Host/-Proto are believed). */
  trustProxy: boolean;
  /** Which proxies are trusted about the client address (BREAKWATER_TRUST_PROXY). */
  proxyTrust: ProxyTrust;
  shutdownTimeoutMs: number;
  /** Time a client has to send a whole request (Node's requestTimeout; 0 = none). */
  requestTimeoutMs: number;
  /** How often closed SLO buckets are written (and, in cluster mode, the other instances' read). */
  sloFlushIntervalMs: number;
  buildOnStart: boolean;
  logLevel: string;
  rootDir: string;
  /** BREAKWATER_CONFIG: services declared in a YAML file. */
  configFile?: string;
  maxBodyBytes: number;
  replayBufferBytes: number;
  /** BREAKWATER_API_MAX_BODY_BYTES: the largest /api request body accepted (413 above). */
  apiMaxBodyBytes: number;
  /** Names this instance in SLO bucket rows (and, in cluster mode, everywhere). */
  instanceId: string;
  /** Prefix of every Redis key and channel: bw:{namespace}:… */
  redisNamespace: string;
  /** BREAKWATER_CHAOS=off: no chaos experiments (the API answers 403 chaos_disabled, nothing is injected). */
  chaosEnabled: boolean;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function parseDatabaseUrl(url: string, rootDir: string): DatabaseConfig {
  if (url.startsWith("file:")) {
    const rel = url.slice("file:".length);
    const file = path.isAbsolute(rel) ? rel : path.resolve(rootDir, rel);
    return { provider: "sqlite", url, file };
  }
  return { provider: "postgresql", url };
}

export function loadConfig(env: Record<string, string | undefined> = process.env, rootDir = process.cwd()): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const redisUrl = e.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError(["REDIS_URL: must start with redis:// or rediss://"]);
  if (redisUrl && !/^postgres(ql)?:\/\//.test(e.DATABASE_URL)) {
    throw new ConfigError([
      "REDIS_URL turns on cluster mode, which needs a shared PostgreSQL database: set DATABASE_URL=postgresql://… (SQLite is a single-instance database)",
    ]);
  }
  if (e.BREAKWATER_GATEWAY_PORT !== 0 && e.BREAKWATER_GATEWAY_PORT === e.PORT) {
    throw new ConfigError([`BREAKWATER_GATEWAY_PORT: must differ from PORT (${e.PORT}): the gateway has its own listener`]);
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    gatewayPort: e.BREAKWATER_GATEWAY_PORT,
    gatewayHost: e.BREAKWATER_GATEWAY_HOST ?? e.HOST,
    gatewayPublicUrl: e.BREAKWATER_GATEWAY_PUBLIC_URL,
    database: parseDatabaseUrl(e.DATABASE_URL, rootDir),
    redisUrl: e.REDIS_URL || undefined,
    adminPassword: e.BREAKWATER_ADMIN_PASSWORD,
    sessionTtlMs: e.BREAKWATER_SESSION_TTL_HOURS * 3_600_000,
    publicUrl: e.BREAKWATER_PUBLIC_URL,
    trustProxy: e.BREAKWATER_TRUST_PROXY.kind !== "none",
    proxyTrust: e.BREAKWATER_TRUST_PROXY,
    shutdownTimeoutMs: e.BREAKWATER_SHUTDOWN_TIMEOUT_MS,
    requestTimeoutMs: e.BREAKWATER_REQUEST_TIMEOUT_MS,
    sloFlushIntervalMs: e.BREAKWATER_SLO_FLUSH_INTERVAL_MS,
    buildOnStart: e.BREAKWATER_BUILD_ON_START,
    logLevel: e.LOG_LEVEL,
    rootDir,
    configFile: e.BREAKWATER_CONFIG || undefined,
    maxBodyBytes: e.BREAKWATER_MAX_BODY_BYTES,
    replayBufferBytes: e.BREAKWATER_REPLAY_BUFFER_BYTES,
    apiMaxBodyBytes: e.BREAKWATER_API_MAX_BODY_BYTES,
    instanceId: e.BREAKWATER_INSTANCE_ID ?? `${os.hostname()}:${e.PORT}`,
    redisNamespace: e.BREAKWATER_REDIS_NAMESPACE,
    chaosEnabled: e.BREAKWATER_CHAOS === "on",
  };
}
