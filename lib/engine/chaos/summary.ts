import type { ChaosTarget, ExperimentDefinition, Fault, StopCondition } from "./types";

/** "10 s", "90 s" → "1 min 30 s", "5 min", "1 h", "1 h 5 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const parts: string[] = [];
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (rest || parts.length === 0) parts.push(`${rest} s`);
  return parts.join(" ");
}

/** A percentage for people: at most two decimals, no trailing zeros. */
export function formatPercent(p: number): string {
  return `${Math.round(p * 100) / 100} %`;
}

function formatRate(bytesPerSecond: number): string {
  if (bytesPerSecond >= 1_000_000) return `${Math.round(bytesPerSecond / 10_000) / 100} MB/s`;
  if (bytesPerSecond >= 1_000) return `${Math.round(bytesPerSecond / 10) / 100} kB/s`;
  return `${bytesPerSecond} B/s`;
}

function faultEffect(f: Fault): string {
  switch (f.type) {
    case "latency":
      return `are delayed by ${f.ms} ms${f.jitterMs ? ` (± ${f.jitterMs} ms)` : ""}`;
    case "error":
      return `get HTTP ${f.status}`;
    case "abort":
      return "have the upstream connection reset";
    case "bandwidth":
      return `have the response throttled to ${formatRate(f.bytesPerSecond)}`;
  }
}

function scopeText(service: string, target: ChaosTarget | undefined): string {
  const parts = [`\`${service}\` requests`];
  if (target?.header) parts.push(`with header \`${target.header.name}: ${target.header.value}\``);
  if (target?.users) {
    const shown = target.users.slice(0, 3).map((u) => `\`${u}\``).join(", ");
    const more = target.users.length > 3 ? ` and ${target.users.length - 3} more` : "";
    parts.push(`from user${target.users.length === 1 ? "" : "s"} ${shown}${more}`);
  }
  return parts.join(" ");
}

/** An SLO's name, or undefined when it is not known (deleted): the summary then shows its id. */
export type SloNameOf = (id: string) => string | undefined;

function stopText(c: StopCondition, sloName: SloNameOf): string {
  return c.type === "slo_burn"
    ? `the SLO \`${sloName(c.slo) ?? c.slo}\` burns above ${c.above}×`
    : `the error rate is above ${formatPercent(c.above)} over ${formatDuration(c.windowSeconds)}`;
}

/**
 * One plain-language sentence, e.g. "for 5 min, 20 % of `payments` requests get HTTP 503; stops if
 * the SLO `checkout` burns above 14.4×". Shares are of all matching requests: the target's percent
 * times the fault's. SLOs are named by `sloName`, by id when it does not know them.
 */
export function describeExperiment(
  def: Pick<ExperimentDefinition, "service" | "faults" | "target" | "durationSeconds" | "stopConditions">,
  sloName: SloNameOf = () => undefined,
): string {
  const share = (def.target?.percent ?? 100) / 100;
  const scope = scopeText(def.service, def.target);
  const pct = (f: Fault) => formatPercent(f.percent * share);
  const [only] = def.faults;
  const what =
    def.faults.length === 1 && only
      ? `${pct(only)} of ${scope} ${faultEffect(only)}`
      : `of ${scope}: ${def.faults.map((f) => `${pct(f)} ${faultEffect(f)}`).join(", ")}`;
  const stops = def.stopConditions.length ? `; stops if ${def.stopConditions.map((c) => stopText(c, sloName)).join(" or ")}` : "";
  return `for ${formatDuration(def.durationSeconds)}, ${what}${stops}`;
}
