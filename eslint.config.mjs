// ESLint (flat config): TypeScript rules plus the architecture's import boundaries.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

const prismaImports = {
  group: ["@prisma/*", "**/prisma/generated/**", "better-sqlite3", "pg"],
  message: "Only server/persistence talks to the database (docs/DEVELOPMENT.md).",
};
const redisImports = {
  group: ["ioredis", "@socket.io/redis-adapter"],
  message: "Only server/cluster (and the Socket.IO adapter) imports ioredis (docs/DEVELOPMENT.md).",
};
const serverImports = {
  group: ["@/server/*", "**/server/*"],
  message: "Browser code never imports server/ (docs/DEVELOPMENT.md).",
};

// Time in server/: services take the injected ServerClock (server/clock.ts) so unit tests can drive
// it with fakeServerClock(); only the clock itself and I/O plumbing read the wall clock or start timers.
const CLOCK_MESSAGE = "Server services never read the wall clock or start timers: use the injected ServerClock (server/clock.ts: clock.now(), clock.after(), clock.every(); fakeServerClock() in unit tests).";
const wallClockRules = {
  "no-restricted-syntax": [
    "error",
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: CLOCK_MESSAGE },
    { selector: "CallExpression[callee.object.name='globalThis'][callee.property.name=/^set(Timeout|Interval)$/]", message: CLOCK_MESSAGE },
  ],
  "no-restricted-globals": ["error", { name: "setTimeout", message: CLOCK_MESSAGE }, { name: "setInterval", message: CLOCK_MESSAGE }],
  "no-restricted-properties": ["error", { object: "Date", property: "now", message: CLOCK_MESSAGE }],
};

export default tseslint.config(
  {
    ignores: [".next/**", "dist/**", "node_modules/**", "prisma/generated/**", "data/**", "test-results/**", "next-env.d.ts", "bench/results/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", fetch: "readonly", __dirname: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["**/*.tsx", "lib/client/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    files: ["tests/**/*.ts", "**/*.test.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
  // Boundaries
  {
    files: ["lib/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/server/*", "@/app/*", "@/components/*", "@/lib/client/*", "../../server/*", "../../../server/*"], message: "lib/engine is pure: it imports nothing outside lib/engine (docs/DEVELOPMENT.md)." },
            { group: ["next", "next/*", "react", "react-dom", "@prisma/*", "ioredis", "socket.io", "socket.io-client", "undici", "pg", "better-sqlite3"], message: "lib/engine is pure: no I/O libraries (docs/DEVELOPMENT.md)." },
          ],
          paths: [
            { name: "node:http", message: "lib/engine is pure: no I/O (docs/DEVELOPMENT.md)." },
            { name: "node:net", message: "lib/engine is pure: no I/O (docs/DEVELOPMENT.md)." },
            { name: "node:fs", message: "lib/engine is pure: no I/O (docs/DEVELOPMENT.md)." },
          ],
        },
      ],
    },
  },
  {
    files: ["components/**/*.{ts,tsx}", "lib/client/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [serverImports, prismaImports, redisImports] }] },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/server/(?!api/)",
              message: "app/ reaches server/ only through server/api/* (docs/DEVELOPMENT.md).",
            },
            prismaImports,
            redisImports,
          ],
        },
      ],
    },
  },
  {
    files: ["server/**/*.ts"],
    ignores: ["server/persistence/**", "server/cluster/**", "server/realtime/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [prismaImports, redisImports] }] },
  },
  {
    files: ["server/cluster/**/*.ts", "server/realtime/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [prismaImports] }] },
  },
  {
    files: ["server/persistence/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [redisImports] }] },
  },
  {
    files: ["server/**/*.ts"],
    ignores: [
      "server/clock.ts",
      // HTTP and process plumbing: listeners, request timeouts, shutdown, stdout back-pressure
      "server/index.ts",
      "server/http/**",
      "server/logger.ts",
      // socket-level I/O timeouts of the protocol checkers
      "server/health/checkers/**",
      "server/**/*.test.ts",
      "server/**/*.test-support.ts",
    ],
    rules: wallClockRules,
  },
);
