// Health checkers by name: the built-in protocols plus custom checkers loaded from modules listed
// in the config file. A duplicate name stops the start.
import { pathToFileURL } from "node:url";
import path from "node:path";
import type { HealthChecker } from "./types";

export class DuplicateCheckerError extends Error {}

export function createCheckerRegistry(builtins: HealthChecker<never>[]) {
  const byName = new Map<string, HealthChecker<unknown>>();
  const custom = new Set<string>();
  const add = (c: HealthChecker<unknown>, isCustom: boolean) => {
    if (byName.has(c.name)) throw new DuplicateCheckerError(`health checker '${c.name}' is registered twice`);
    byName.set(c.name, c);
    if (isCustom) custom.add(c.name);
  };
  for (const c of builtins) add(c as unknown as HealthChecker<unknown>, false);
  return {
    get(name: string): HealthChecker<unknown> | undefined {
      return byName.get(name);
    },
    isCustom(name: string): boolean {
      return custom.has(name);
    },
    customNames(): string[] {
      return [...custom].sort();
    },
    /** Loads custom checkers: each module's default export is a checker or an array of them. */
    async loadModules(files: string[], baseDir: string): Promise<string[]> {
      const loaded: string[] = [];
      for (const file of files) {
        const full = path.isAbsolute(file) ? file : path.resolve(baseDir, file);
        let mod: { default?: unknown };
        try {
          mod = (await import(pathToFileURL(full).href)) as { default?: unknown };
        } catch (err) {
          throw new Error(`cannot load health checker module ${full}: ${(err as Error).message}`, { cause: err });
        }
        const exported = mod.default ?? mod;
        const list = Array.isArray(exported) ? exported : [exported];
        for (const c of list) {
          const candidate = c as Partial<HealthChecker<unknown>>;
          if (!candidate || typeof candidate.name !== "string" || typeof candidate.check !== "function") {
            throw new Error(`${full}: a custom health checker needs a string 'name' and a 'check(target, options, signal)' function`);
          }
          if (["http", "https", "tcp", "grpc", "websocket", "custom"].includes(candidate.name)) {
            throw new DuplicateCheckerError(`${full}: custom health checker '${candidate.name}' has the name of a built-in protocol`);
          }
          add(
            {
              name: candidate.name,
              optionsSchema: candidate.optionsSchema ?? ({ safeParse: (v: unknown) => ({ success: true, data: v }) } as unknown as HealthChecker["optionsSchema"]),
              validateTarget: candidate.validateTarget ?? (() => null),
              check: candidate.check.bind(candidate),
            },
            true,
          );
          loaded.push(candidate.name);
        }
      }
      return loaded;
    },
  };
}
export type CheckerRegistry = ReturnType<typeof createCheckerRegistry>;

/** The checker a check runs: its protocol's, or for protocol "custom" the one its options name. */
export function checkerFor(registry: CheckerRegistry, check: { protocol: string; options: unknown }): HealthChecker<unknown> | undefined {
  const name = check.protocol === "custom" ? String((check.options as { checker?: unknown }).checker ?? "") : check.protocol;
  return registry.get(name);
}
