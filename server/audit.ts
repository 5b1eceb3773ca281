// Audit trail: every mutation records who did what to which target, before and after, and why.
import type { AuditEntryDto, AuditQuery } from "@/lib/contracts/audit";
import { redactSecrets } from "@/lib/contracts/secrets";
import type { AuditInput, AuditRepo } from "./persistence/repos/audit";
import { systemServerClock } from "./clock";

const parse = (v: string | null): unknown => {
  if (v === null) return null;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};

/** `now`: the runtime's clock (entries are stamped with its time). */
export function createAuditRecorder(repo: AuditRepo, onRecorded?: (entry: AuditInput) => void, now: () => number = systemServerClock.now) {
  return {
    /**
     * Audit entries are written before the mutation is acknowledged: they are never dropped. Secrets
     * in before/after (header values, passwords, tokens) are redacted before they are stored or sent.
     */
    async record(input: AuditInput): Promise<void> {
      const entry = { ...input, before: redactSecrets(input.before), after: redactSecrets(input.after) };
      await repo.append([entry], now());
      onRecorded?.(entry);
    },
    async list(q: AuditQuery): Promise<AuditEntryDto[]> {
      const rows = await repo.list({
        actor: q.actor || undefined,
        action: q.action || undefined,
        target: q.target || undefined,
        before: q.before ? new Date(q.before) : undefined,
        since: q.since ? new Date(q.since) : undefined,
        limit: q.limit,
      });
      return rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        target: r.target,
        // entries written before redaction existed are redacted on the way out
        before: redactSecrets(parse(r.before)),
        after: redactSecrets(parse(r.after)),
        reason: r.reason,
      }));
    },
  };
}
export type AuditRecorder = ReturnType<typeof createAuditRecorder>;
