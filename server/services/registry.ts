// Services: declared through the API (admin) or the config file, stored in the database, applied
// live to the gateway. Services from the file are read-only through the API (edit the file).
// The table of services in force lives here; reading rows and the start-up set are in
// service-records.ts, the API's edits in service-edits.ts.
import type { Service, ServiceDto } from "@/lib/contracts/services";
import type { ServicesRepo } from "../persistence/repos/services";
import type { AuditRecorder } from "../audit";
import { notFound } from "../errors";
import type { Gateway } from "../gateway/gateway";
import type { Logger } from "../logger";
import { createServiceEdits } from "./service-edits";
import { parseRow, servicesAtStart, toDto, type ServiceRecord } from "./service-records";

export type { ServiceRecord } from "./service-records";

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
  const edits = createServiceEdits({
    repo: deps.repo,
    gateway: deps.gateway,
    audit: deps.audit,
    records,
    applyNew: applyToGateway,
    changed: (name) => {
      deps.onChanged?.(name);
      deps.onMutated?.(name);
    },
  });

  return {
    /** At start: services from the database, then the config file's (which it owns). */
    async load(fileServices: Service[] | undefined): Promise<void> {
      for (const [name, rec] of await servicesAtStart(deps.repo, deps.log, fileServices)) records.set(name, rec);
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
    ...edits,
  };
}
export type ServiceRegistry = ReturnType<typeof createServiceRegistry>;
