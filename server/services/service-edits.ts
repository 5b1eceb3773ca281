// Services as admins change them through the API: create, update, delete (audited, applied to the
// gateway, shared with the other instances). Services declared in the config file are refused here.
import type { Service, ServiceDto } from "@/lib/contracts/services";
import type { ServicesRepo } from "../persistence/repos/services";
import type { AuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import { AppError, conflict, notFound } from "../errors";
import type { Gateway } from "../gateway/gateway";
import { toDto, type ServiceRecord } from "./service-records";

export interface ServiceEditsDeps {
  repo: ServicesRepo;
  gateway: Gateway;
  audit: AuditRecorder;
  /** The registry's table of services in force. */
  records: Pick<Map<string, ServiceRecord>, "get" | "has" | "set" | "delete">;
  /** Applies a new service to the gateway (restoring its breaker's snapshot). */
  applyNew: (rec: ServiceRecord) => void;
  /** After every change: here (onChanged) and on the other instances (onMutated). */
  changed: (name: string) => void;
}

/** The service as declared in the config file cannot be changed through the API. */
const fileOwned = (name: string, what: string) => new AppError(409, "conflict", `service '${name}' is declared in the config file (BREAKWATER_CONFIG); ${what}`);

export function createServiceEdits(deps: ServiceEditsDeps) {
  const { records } = deps;
  return {
    async create(actor: Principal, service: Service): Promise<ServiceDto> {
      if (records.has(service.name) || (await deps.repo.find(service.name))) throw conflict(`service '${service.name}' already exists`);
      const row = await deps.repo.create({ name: service.name, config: JSON.stringify(service), source: "api" });
      const rec: ServiceRecord = { service, source: "api", createdAt: row.createdAt, updatedAt: row.updatedAt };
      records.set(service.name, rec);
      deps.applyNew(rec);
      await deps.audit.record({ actor: actor.username, action: "service.create", target: `service:${service.name}`, after: service });
      deps.changed(service.name);
      return toDto(rec);
    },
    async update(actor: Principal, service: Service): Promise<ServiceDto> {
      const prev = records.get(service.name);
      if (!prev) throw notFound(`service '${service.name}'`);
      if (prev.source === "file") throw fileOwned(service.name, "edit the file instead");
      const row = await deps.repo.update(service.name, { config: JSON.stringify(service) });
      const rec: ServiceRecord = { service, source: "api", createdAt: prev.createdAt, updatedAt: row.updatedAt };
      records.set(service.name, rec);
      const r = deps.gateway.apply(service);
      await deps.audit.record({
        actor: actor.username,
        action: "service.update",
        target: `service:${service.name}`,
        before: prev.service,
        after: service,
        ...(r.breakerWindowReset ? { reason: "breaker window shape changed: window restarted empty" } : {}),
      });
      deps.changed(service.name);
      return toDto(rec);
    },
    async remove(actor: Principal, name: string): Promise<void> {
      const prev = records.get(name);
      if (!prev) throw notFound(`service '${name}'`);
      if (prev.source === "file") throw fileOwned(name, "remove it there");
      await deps.repo.delete(name);
      records.delete(name);
      await deps.gateway.remove(name);
      await deps.audit.record({ actor: actor.username, action: "service.delete", target: `service:${name}`, before: prev.service });
      deps.changed(name);
    },
  };
}
