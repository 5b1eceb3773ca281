// Services: declared through the API (admin) or the config file, stored in the database, applied
// live to the gateway. Services from the file are read-only through the API (edit the file).
import type { Service, ServiceDto } from "@/lib/contracts/services";
import type { ServicesRepo, ServiceRow } from "../persistence/repos/services";
import type { AuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import { AppError, conflict, notFound } from "../errors";
import type { Gateway } from "../gateway/gateway";
import type { Logger } from "../logger";
import { parseStoredService } from "./stored-service";

export interface ServiceRecord {
  service: Service;
  source: "api" | "file";
  createdAt: Date;
  updatedAt: Date;
}

export interface ServiceRegistryDeps {
  repo: ServicesRepo;
  gateway: Gateway;
  audit: AuditRecorder;
  log: Logger;
  snapshotOf: (name: string) => unknown;
  onChanged?: (name: string) => void;
  /** A create, edit or delete made here (not a reload): other instances must reload it. */
  onMutated?: (name: string) => void;
}

const toDto = (r: ServiceRecord): ServiceDto => ({
  ...r.service,
  source: r.source,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

function parseRow(row: ServiceRow, log: Logger): ServiceRecord | null {
  try {
    const service = parseStoredService({ ...JSON.parse(row.config), name: row.name }, log, row.name);
    return { service, source: row.source === "file" ? "file" : "api", createdAt: row.createdAt, updatedAt: row.updatedAt };
  } catch (err) {
    log.error({ err, service: row.name }, `stored service '${row.name}' is invalid and was not loaded`);
    return null;
  }
}

export function createServiceRegistry(deps: ServiceRegistryDeps) {
  const records = new Map<string, ServiceRecord>();

  function applyToGateway(rec: ServiceRecord): void {
    try {
      deps.gateway.apply(rec.service, deps.gateway.has(rec.service.name) ? undefined : deps.snapshotOf(rec.service.name));
    } catch (err) {
      // a snapshot that no longer fits: start the breaker fresh rather than not serving
      deps.log.warn({ err, service: rec.service.name }, "breaker snapshot could not be restored; starting closed");
      deps.gateway.apply(rec.service);
    }
  }

  return {
    /** At start: services from the database, then the config file's (which it owns). */
    async load(fileServices: Service[] | undefined): Promise<void> {
      const rows = await deps.repo.list();
      const fileNames = new Set((fileServices ?? []).map((s) => s.name));
      for (const row of rows) {
        if (row.source === "file" && !fileNames.has(row.name)) {
          await deps.repo.delete(row.name); // removed from the file
          continue;
        }
        const rec = parseRow(row, deps.log);
        if (rec) records.set(rec.service.name, rec);
      }
      for (const s of fileServices ?? []) {
        const row = await deps.repo.upsert({ name: s.name, config: JSON.stringify(s), source: "file" });
        records.set(s.name, { service: s, source: "file", createdAt: row.createdAt, updatedAt: row.updatedAt });
      }
      for (const rec of records.values()) applyToGateway(rec);
      deps.log.info({ services: [...records.keys()] }, `${records.size} service(s) in force`);
    },
    /** Another instance changed this service: take the database's version. */
    async reload(name: string): Promise<void> {
      const row = await deps.repo.find(name);
      if (!row) {
        if (records.delete(name)) {
          await deps.gateway.remove(name);
          deps.onChanged?.(name);
        }
        return;
      }
      const rec = parseRow(row, deps.log);
      if (!rec) return;
      records.set(name, rec);
      applyToGateway(rec);
      deps.onChanged?.(name);
    },
    list(): ServiceDto[] {
      return [...records.values()].sort((a, b) => a.service.name.localeCompare(b.service.name)).map(toDto);
    },
    get(name: string): ServiceDto {
      const r = records.get(name);
      if (!r) throw notFound(`service '${name}'`);
      return toDto(r);
    },
    names(): string[] {
      return [...records.keys()];
    },
    async create(actor: Principal, service: Service): Promise<ServiceDto> {
      if (records.has(service.name) || (await deps.repo.find(service.name))) throw conflict(`service '${service.name}' already exists`);
      const row = await deps.repo.create({ name: service.name, config: JSON.stringify(service), source: "api" });
      const rec: ServiceRecord = { service, source: "api", createdAt: row.createdAt, updatedAt: row.updatedAt };
      records.set(service.name, rec);
      applyToGateway(rec);
      await deps.audit.record({ actor: actor.username, action: "service.create", target: `service:${service.name}`, after: service });
      deps.onChanged?.(service.name);
      deps.onMutated?.(service.name);
      return toDto(rec);
    },
    async update(actor: Principal, service: Service): Promise<ServiceDto> {
      const prev = records.get(service.name);
      if (!prev) throw notFound(`service '${service.name}'`);
      if (prev.source === "file") {
        throw new AppError(409, "conflict", `service '${service.name}' is declared in the config file (BREAKWATER_CONFIG); edit the file instead`);
      }
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
      deps.onChanged?.(service.name);
      deps.onMutated?.(service.name);
      return toDto(rec);
    },
    async remove(actor: Principal, name: string): Promise<void> {
      const prev = records.get(name);
      if (!prev) throw notFound(`service '${name}'`);
      if (prev.source === "file") {
        throw new AppError(409, "conflict", `service '${name}' is declared in the config file (BREAKWATER_CONFIG); remove it there`);
      }
      await deps.repo.delete(name);
      records.delete(name);
      await deps.gateway.remove(name);
      await deps.audit.record({ actor: actor.username, action: "service.delete", target: `service:${name}`, before: prev.service });
      deps.onChanged?.(name);
      deps.onMutated?.(name);
    },
  };
}
export type ServiceRegistry = ReturnType<typeof createServiceRegistry>;
