// Notifier types by name; a duplicate name is a programming error caught at start-up.
import type { NotifierType } from "./types";
import { webhookNotifier } from "./webhook";

export function createNotifierRegistry(types: NotifierType<never>[]) {
  const byType = new Map<string, NotifierType<unknown>>();
  for (const t of types) {
    if (byType.has(t.type)) throw new Error(`notifier type '${t.type}' is registered twice`);
    byType.set(t.type, t as unknown as NotifierType<unknown>);
  }
  return {
    get(type: string): NotifierType<unknown> | undefined {
      return byType.get(type);
    },
    types(): string[] {
      return [...byType.keys()];
    },
  };
}
export type NotifierRegistry = ReturnType<typeof createNotifierRegistry>;

export const BUILTIN_NOTIFIERS = [webhookNotifier] as unknown as NotifierType<never>[];
