// The experiment form's values (flat, as typed), the request body built from them, and where each
// message goes: the API names faults and stop conditions by their place in the body's lists
// ("faults.1.ms"), the form by their kind ("fault.latency.ms").
import { numberReader, placeOnFields, schemaErrors } from "@/lib/client/form-errors";
import { experimentCreateSchema, type ExperimentCreateInput } from "@/lib/contracts/experiments";
import { describeExperiment } from "@/lib/engine/chaos/summary";
import { FAULT_TYPES, type FaultType } from "@/lib/engine/chaos/types";

export const experimentFieldId = (path: string) => `experiment-field-${path.replaceAll(".", "-")}`;

export type DurationUnit = "s" | "min";
export type Values = {
  name: string;
  service: string;
  "fault.latency.on": boolean;
  "fault.latency.percent": string;
  "fault.latency.ms": string;
  "fault.latency.jitterMs": string;
  "fault.error.on": boolean;
  "fault.error.percent": string;
  "fault.error.status": string;
  "fault.error.body": string;
  "fault.abort.on": boolean;
  "fault.abort.percent": string;
  "fault.bandwidth.on": boolean;
  "fault.bandwidth.percent": string;
  "fault.bandwidth.bytesPerSecond": string;
  "target.percent": string;
  "target.header.name": string;
  "target.header.value": string;
  "target.users": string;
  duration: string;
  durationUnit: DurationUnit;
  "stop.slo_burn.on": boolean;
  "stop.slo_burn.slo": string;
  "stop.slo_burn.above": string;
  "stop.error_rate.on": boolean;
  "stop.error_rate.above": string;
  "stop.error_rate.windowSeconds": string;
  "hypothesis.breakerOpensWithinSeconds": string;
  "hypothesis.sloRemainingAbove.slo": string;
  "hypothesis.sloRemainingAbove.percent": string;
  "hypothesis.maxErrorRate": string;
  startAt: string;
};

export interface SloOption {
  id: string;
  name: string;
  service: string;
}

export const STOP_TYPES = ["slo_burn", "error_rate"] as const;

/** The form on first load: "for 5 min, 20 % of `<service>` requests get HTTP 503", stopping on the service's first SLO. */
export function initialValues(services: string[], slos: SloOption[]): Values {
  const service = services[0] ?? "";
  const slo = slos.find((s) => s.service === service)?.id ?? "";
  return {
    name: "",
    service,
    "fault.latency.on": false,
    "fault.latency.percent": "100",
    "fault.latency.ms": "500",
    "fault.latency.jitterMs": "",
    "fault.error.on": true,
    "fault.error.percent": "100",
    "fault.error.status": "503",
    "fault.error.body": "",
    "fault.abort.on": false,
    "fault.abort.percent": "100",
    "fault.bandwidth.on": false,
    "fault.bandwidth.percent": "100",
    "fault.bandwidth.bytesPerSecond": "10000",
    "target.percent": "20",
    "target.header.name": "",
    "target.header.value": "",
    "target.users": "",
    duration: "5",
    durationUnit: "min",
    "stop.slo_burn.on": slo !== "",
    "stop.slo_burn.slo": slo,
    "stop.slo_burn.above": "14.4",
    "stop.error_rate.on": false,
    "stop.error_rate.above": "50",
    "stop.error_rate.windowSeconds": "60",
    "hypothesis.breakerOpensWithinSeconds": "30",
    "hypothesis.sloRemainingAbove.slo": "",
    "hypothesis.sloRemainingAbove.percent": "50",
    "hypothesis.maxErrorRate": "",
    startAt: "",
  };
}

const FAULT_FIELDS: Record<FaultType, string[]> = {
  latency: ["ms", "jitterMs"],
  error: ["status", "body"],
  abort: [],
  bandwidth: ["bytesPerSecond"],
};

export const enabledFaults = (v: Values): FaultType[] => FAULT_TYPES.filter((t) => v[`fault.${t}.on`]);
const enabledStops = (v: Values) => STOP_TYPES.filter((t) => v[`stop.${t}.on`]);

/** The request body, plus messages that exist before the schema can look (empty, not a number). */
export function build(v: Values): { body: ExperimentCreateInput; pre: Record<string, string> } {
  const pre: Record<string, string> = {};
  const num = numberReader(v, pre);
  const optional = (path: keyof Values) => (String(v[path]).trim() === "" ? undefined : num(path));
  const faults = enabledFaults(v).map((type) => {
    const f: Record<string, unknown> = { type, percent: num(`fault.${type}.percent`) };
    for (const field of FAULT_FIELDS[type]) {
      const path = `fault.${type}.${field}` as keyof Values;
      if (field === "body") {
        if (v[path]) f.body = v[path];
      } else f[field] = field === "jitterMs" ? optional(path) : num(path);
    }
    return f;
  });
  const users = v["target.users"].split(/[\n,]/).map((u) => u.trim()).filter(Boolean);
  const header = v["target.header.name"].trim() || v["target.header.value"] ? { name: v["target.header.name"].trim(), value: v["target.header.value"] } : undefined;
  const target = { percent: optional("target.percent"), header, users: users.length ? users : undefined };
  const stopConditions = enabledStops(v).map((type) =>
    type === "slo_burn"
      ? { type, slo: v["stop.slo_burn.slo"], above: num("stop.slo_burn.above") }
      : { type, above: num("stop.error_rate.above"), windowSeconds: num("stop.error_rate.windowSeconds") },
  );
  const duration = num("duration");
  const sloRemaining = v["hypothesis.sloRemainingAbove.slo"] ? { slo: v["hypothesis.sloRemainingAbove.slo"], percent: num("hypothesis.sloRemainingAbove.percent") } : undefined;
  const hypothesis = {
    breakerOpensWithinSeconds: optional("hypothesis.breakerOpensWithinSeconds"),
    sloRemainingAbove: sloRemaining,
    maxErrorRate: optional("hypothesis.maxErrorRate"),
  };
  const startAt = v.startAt ? new Date(v.startAt) : null;
  if (startAt && Number.isNaN(startAt.getTime())) pre.startAt = "must be a date and time";
  const body = {
    name: v.name,
    service: v.service,
    faults,
    ...(target.percent !== undefined || target.header || target.users ? { target } : {}),
    durationSeconds: duration === undefined ? undefined : Math.round(duration * (v.durationUnit === "min" ? 60 : 1)),
    stopConditions,
    ...(Object.values(hypothesis).some((x) => x !== undefined) ? { hypothesis } : {}),
    ...(startAt && !pre.startAt ? { startAt: startAt.toISOString() } : {}),
  };
  return { body: body as ExperimentCreateInput, pre };
}

/** "faults.1.ms" → "fault.latency.ms" (the second enabled fault's field), "durationSeconds" → "duration". */
export function place(errors: Record<string, string>, v: Values): Record<string, string> {
  const faults = enabledFaults(v);
  const stops = enabledStops(v);
  const renamed: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const parts = path.split(".");
    let to = path;
    if (parts[0] === "faults" && faults[Number(parts[1])]) to = ["fault", faults[Number(parts[1])], ...parts.slice(2)].join(".");
    else if (parts[0] === "faults") to = "faults";
    else if (parts[0] === "stopConditions" && stops[Number(parts[1])]) to = ["stop", stops[Number(parts[1])], ...parts.slice(2)].join(".");
    else if (path === "durationSeconds") to = "duration";
    renamed[to] ??= message;
  }
  // list entries ("target.users.3") go on their list; a message for a whole section on the section
  const fields = Object.keys(initialValues([], [])).filter((k) => !k.endsWith(".on")).concat("faults", "hypothesis");
  return placeOnFields(renamed, fields);
}

export const check = (v: Values) => {
  const { body, pre } = build(v);
  return schemaErrors(experimentCreateSchema, body, pre);
};

/** The plain-language sentence for what is typed so far, SLOs by name; null until it makes sense. */
export function summary(v: Values, slos: SloOption[]): string | null {
  const { body, pre } = build(v);
  const parsed = experimentCreateSchema.safeParse(body);
  if (!parsed.success && (Object.keys(pre).length || body.faults.length === 0 || !body.durationSeconds)) return null;
  const faults = body.faults.map((f) => ({ ...f, percent: f.percent ?? 100 }));
  const stopConditions = body.stopConditions ?? [];
  return describeExperiment({ service: body.service, faults, target: body.target, durationSeconds: body.durationSeconds, stopConditions }, (id) => slos.find((s) => s.id === id)?.name);
}
