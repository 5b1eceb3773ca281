// The health checks this instance runs: loaded at start, created, edited and deleted by operators
// (validated, audited, shared with the other instances), reloaded when another instance changed
// one. Owns the table of running checks; starting and stopping them is the schedule's.
import { randomUUID } from "node:crypto";
import type { HealthCheckDto } from "@/lib/contracts/health";
import { redactSecrets } from "@/lib/contracts/secrets";
import type { HealthRepo } from "../persistence/repos/health";
import type { AuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import { notFound } from "../errors";
import type { Logger } from "../logger";
import { checkDto, newCheckState, type CheckState } from "./check-state";
import { validateCheck, withStoredSecrets, type ValidCheck } from "./check-validation";
import type { HealthSchedule } from "./health-schedule";
import { checkerFor, type CheckerRegistry } from "./registry";

export interface HealthChecksDeps {
  repo: HealthRepo;
  registry: CheckerRegistry;
  audit: AuditRecorder;
  log: Logger;
  schedule: HealthSchedule;
  serviceExists: (name: string) => boolean;
  /** The check was deleted here: its alert resolves. */
  onDeleted: (id: string, service: string) => Promise<void>;
  /** A create, edit or delete made here: other instances must reload it. */
  onMutated?: (id: string) => void;
}

const fields = ({ check, options }: ValidCheck) => ({ service: check.service, protocol: check.protocol, target: check.target, intervalMs: check.intervalMs, timeoutMs: check.timeoutMs, healthyThreshold: check.healthyThreshold, unhealthyThreshold: check.unhealthyThreshold, options: JSON.stringify(options) });

export function createHealthChecks(deps: HealthChecksDeps) {
  const checks = new Map<string, CheckState>();
  const start = (s: CheckState) => {
    checks.set(s.row.id, s);
    deps.schedule.start(s);
    return s;
  };
  const existing = (id: string) => checks.get(id) ?? missing(id);
  const validate = (input: unknown, stored: unknown) => validateCheck(withStoredSecrets(input, stored), deps.registry, deps.serviceExists);
  const audited = (v: ValidCheck) => redactSecrets({ ...v.check, options: v.options });

  return {
    all: (): Iterable<CheckState> => checks.values(),
    existing,
    async load(): Promise<void> {
      for (const row of await deps.repo.list()) {
        const options = JSON.parse(row.options) as unknown;
        if (!checkerFor(deps.registry, { protocol: row.protocol, options })) deps.log.warn({ check: row.id }, `health check ${row.id} uses checker '${row.protocol}', which is not registered: it will report unhealthy`);
        start(newCheckState(row, options));
      }
    },
    async create(actor: Principal, input: unknown): Promise<HealthCheckDto> {
      const v = validate(input, undefined);
      const row = await deps.repo.create({ id: randomUUID(), ...fields(v), createdBy: actor.username });
      const s = start(newCheckState(row, v.options));
      await deps.audit.record({ actor: actor.username, action: "health_check.create", target: `health_check:${row.id}`, after: audited(v) });
      deps.onMutated?.(row.id);
      return checkDto(s);
    },
    async update(actor: Principal, id: string, input: unknown): Promise<HealthCheckDto> {
      const prev = existing(id);
      const v = validate(input, prev.options);
      const row = await deps.repo.update(id, fields(v));
      deps.schedule.stop(prev);
      const s = start(newCheckState(row, v.options, prev));
      await deps.audit.record({ actor: actor.username, action: "health_check.update", target: `health_check:${id}`, before: checkDto(prev), after: audited(v) });
      deps.onMutated?.(id);
      return checkDto(s);
    },
    async remove(actor: Principal, id: string): Promise<void> {
      const prev = existing(id);
      deps.schedule.stop(prev);
      checks.delete(id);
      await deps.repo.delete(id);
      await deps.onDeleted(id, prev.row.service);
      await deps.audit.record({ actor: actor.username, action: "health_check.delete", target: `health_check:${id}`, before: checkDto(prev) });
      deps.onMutated?.(id);
    },
    /** Another instance changed this check: take the database's version. */
    async reload(id: string): Promise<void> {
      const row = await deps.repo.find(id);
      const prev = checks.get(id);
      if (prev) deps.schedule.stop(prev);
      if (!row) checks.delete(id);
      else start(newCheckState(row, JSON.parse(row.options) as unknown, prev));
    },
  };
}

function missing(id: string): never {
  throw notFound(`health check '${id}'`);
}
