// What this instance knows of each breaker's shared record: the last version seen in Redis, and
// which breakers changed here while Redis could not be told (pending).
export function createRecordVersions() {
  const versions = new Map<string, number>();
  const pending = new Set<string>();
  return {
    known: (name: string): number => versions.get(name) ?? 0,
    set(name: string, v: number): void {
      versions.set(name, v);
    },
    /** A version seen: kept unless an even newer one is known. */
    raise(name: string, v: number): void {
      versions.set(name, Math.max(v, versions.get(name) ?? 0));
    },
    isPending: (name: string): boolean => pending.has(name),
    markPending(name: string): void {
      pending.add(name);
    },
    settled(name: string): void {
      pending.delete(name);
    },
    /** A breaker that is gone: its version is forgotten. */
    forget(name: string): void {
      versions.delete(name);
    },
  };
}
export type RecordVersions = ReturnType<typeof createRecordVersions>;
