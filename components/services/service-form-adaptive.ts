// The service form's "Adaptive limit" fields: `bulkhead.adaptive` off (absent: the static
// maxConcurrent applies) or one algorithm with its options. Every option of both algorithms keeps
// a value in the form (switching back and forth loses nothing); only the chosen one's are sent.
import { adaptiveServiceSchema, type AdaptiveServiceOptions } from "@/lib/contracts/adaptive";
import type { ServiceValues, Spec } from "./service-form-model";

type AdaptiveAlgorithm = AdaptiveServiceOptions["algorithm"];
export type AdaptiveChoice = "off" | AdaptiveAlgorithm;
export const ADAPTIVE_ALGORITHM = "bulkhead.adaptive.algorithm";
export const ADAPTIVE_CHOICES: Array<{ value: AdaptiveChoice; label: string }> = [
  { value: "off", label: "Off (static max concurrent)" },
  { value: "gradient2", label: "gradient2 (follows latency)" },
  { value: "aimd", label: "aimd (latency threshold)" },
];

const at = (key: string) => `bulkhead.adaptive.${key}`;
const COMMON: Spec[] = [
  { path: at("minLimit"), label: "Min limit", kind: "int", hint: "Floor of the limit, 1–100000; at or below the upstream's capacity" },
  { path: at("maxLimit"), label: "Max limit", kind: "int", hint: "Ceiling of the limit (and of a pin), ≥ min limit" },
  { path: at("initialLimit"), label: "Initial limit", kind: "int", hint: "Before the first update; within min–max" },
  { path: at("sampleWindowMs"), label: "Sample window", kind: "int", unit: "ms", hint: "The limit moves at most once per window, 10–60000" },
  { path: at("minSamples"), label: "Min samples", kind: "int", hint: "A window with fewer calls is ignored" },
];
const BY_ALGORITHM: Record<AdaptiveAlgorithm, Spec[]> = {
  gradient2: [
    { path: at("tolerance"), label: "Tolerance", kind: "number", hint: "Shrink once a window is this many times slower than the baseline, 1–10" },
    { path: at("smoothing"), label: "Smoothing", kind: "number", hint: "Weight of each window's proposal, 0.01–1" },
    { path: at("longWindow"), label: "Long window", kind: "int", unit: "windows", hint: "The baseline RTT averages about this many windows" },
    { path: at("minRttProbeIntervalMs"), label: "Min-RTT probe every", kind: "int", unit: "ms", hint: "Re-measure the baseline at min limit; 0 = never" },
  ],
  aimd: [
    { path: at("latencyThresholdMs"), label: "Latency threshold", kind: "int", unit: "ms", hint: "A slower window backs off" },
    { path: at("backoffRatio"), label: "Back-off ratio", kind: "number", hint: "Multiplier on back-off, 0.5–0.99" },
    { path: at("increaseBy"), label: "Increase by", kind: "int", hint: "Added per healthy window in use" },
    { path: at("failureRateThreshold"), label: "Failure-rate threshold", kind: "number", unit: "%", hint: "Failures back off from this share of a window, 1–100" },
  ],
};
/** Each algorithm's defaults, as the shared schema fills them in. */
const DEFAULTS: Record<AdaptiveAlgorithm, AdaptiveServiceOptions> = { gradient2: adaptiveServiceSchema.parse({ algorithm: "gradient2" }), aimd: adaptiveServiceSchema.parse({ algorithm: "aimd" }) };

/** Every adaptive field the form can show (for placing messages). */
export const ADAPTIVE_FIELDS: string[] = [ADAPTIVE_ALGORITHM, ...[...COMMON, ...BY_ALGORITHM.gradient2, ...BY_ALGORITHM.aimd].map((s) => s.path)];

export const adaptiveChoice = (values: ServiceValues): AdaptiveChoice => {
  const v = values[ADAPTIVE_ALGORITHM];
  return v === "gradient2" || v === "aimd" ? v : "off";
};

/** The fields shown (and sent) for the chosen algorithm; none when off. */
export function adaptiveSpecs(values: ServiceValues): Spec[] {
  const choice = adaptiveChoice(values);
  return choice === "off" ? [] : [...COMMON, ...BY_ALGORITHM[choice]];
}

/** The form's values: the service's own options over each algorithm's defaults. */
export function adaptiveInitialValues(current: AdaptiveServiceOptions | undefined): ServiceValues {
  const values: ServiceValues = { [ADAPTIVE_ALGORITHM]: current?.algorithm ?? "off" };
  const fill = (specs: Spec[], algorithm: AdaptiveAlgorithm) => {
    // the other algorithm's own options are absent from `current`: its defaults stay
    const source: Record<string, unknown> = { ...DEFAULTS[algorithm], ...current };
    for (const spec of specs) values[spec.path] = String(source[spec.path.slice(at("").length)]);
  };
  fill(COMMON, current?.algorithm ?? "gradient2");
  fill(BY_ALGORITHM.gradient2, "gradient2");
  fill(BY_ALGORITHM.aimd, "aimd");
  return values;
}
