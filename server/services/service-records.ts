// A service as the registry holds it (its definition, where it was declared, its times), read from
// a stored row, shown as a DTO, and the set of services in force at start: the database's, minus
// file services removed from the file, plus the config file's (which it owns, stored again).
import type { Service, ServiceDto } from "@/lib/contracts/services";
import type { ServicesRepo, ServiceRow } from "../persistence/repos/services";
import type { Logger } from "../logger";
import { parseStoredService } from "./stored-service";

export interface ServiceRecord {
  service: Service;
  source: "api" | "file";
  createdAt: Date;
  updatedAt: Date;
}

export const toDto = (r: ServiceRecord): ServiceDto => ({
  ...r.service,
  source: r.source,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** The stored service, or null (logged) when it no longer parses. */
export function parseRow(row: ServiceRow, log: Logger): ServiceRecord | null {
  try {
    const service = parseStoredService({ ...JSON.parse(row.config), name: row.name }, log, row.name);
    return { service, source: row.source === "file" ? "file" : "api", createdAt: row.createdAt, updatedAt: row.updatedAt };
  } catch (err) {
    log.error({ err, service: row.name }, `stored service '${row.name}' is invalid and was not loaded`);
    return null;
  }
}

/** At start: services from the database, then the config file's (which it owns). */
export async function servicesAtStart(repo: ServicesRepo, log: Logger, fileServices: Service[] | undefined): Promise<Map<string, ServiceRecord>> {
  const records = new Map<string, ServiceRecord>();
  const fileNames = new Set((fileServices ?? []).map((s) => s.name));
  for (const row of await repo.list()) {
    if (row.source === "file" && !fileNames.has(row.name)) {
      await repo.delete(row.name); // removed from the file
      continue;
    }
    const rec = parseRow(row, log);
    if (rec) records.set(rec.service.name, rec);
  }
  for (const s of fileServices ?? []) {
    const row = await repo.upsert({ name: s.name, config: JSON.stringify(s), source: "file" });
    records.set(s.name, { service: s, source: "file", createdAt: row.createdAt, updatedAt: row.updatedAt });
  }
  return records;
}
