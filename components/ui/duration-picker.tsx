"use client";
// How long an operator override lasts: preset buttons (5 min, 15 min, 1 h, until lifted) or a
// custom number with a unit. `useTtlChoice` holds the choice and turns it into seconds; the
// picker renders it (a fieldset with pressed-state buttons, labelled custom fields).
import { useState } from "react";
import type { z } from "zod";
import { validateField } from "@/lib/client/form-errors";
import { cn } from "./cn";
import { Field } from "./field";
import { Input, Select } from "./input";

type Unit = "s" | "min" | "h";
const PRESETS: Array<{ label: string; seconds: number | null }> = [
  { label: "5 min", seconds: 300 },
  { label: "15 min", seconds: 900 },
  { label: "1 h", seconds: 3600 },
  { label: "Until lifted", seconds: null },
];
const UNIT_SECONDS: Record<Unit, number> = { s: 1, min: 60, h: 3600 };

/** The override's duration: a preset (seconds, or null = until lifted) or "custom". */
export function useTtlChoice(initial: number | null = 900) {
  // a TTL by default: an override nobody remembers to lift outlives the incident
  const [duration, setDuration] = useState<number | null | "custom">(initial);
  const [customValue, setCustomValue] = useState("10");
  const [customUnit, setCustomUnit] = useState<Unit>("min");
  const [error, setError] = useState<string>();

  /** Seconds, undefined for "until lifted", "invalid" for a custom value that is no positive number. */
  function seconds(): number | undefined | "invalid" {
    if (duration === null) return undefined;
    if (duration !== "custom") return duration;
    const n = Number(customValue);
    if (!customValue.trim() || !Number.isFinite(n) || n <= 0) return "invalid";
    return Math.round(n * UNIT_SECONDS[customUnit]);
  }
  /** Seconds (or undefined = until lifted) if valid against `schema`; else shows the message and returns "invalid". */
  function check(schema: z.ZodType): number | undefined | "invalid" {
    const t = seconds();
    const message = t === "invalid" ? "enter a positive number" : t !== undefined ? validateField(schema, t) : undefined;
    setError(message);
    return message ? "invalid" : t;
  }
  const ttl = seconds();
  /** "14:05:30" when the override would end if submitted now; null until lifted or invalid. */
  const until = typeof ttl === "number" ? new Date(Date.now() + ttl * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : null;
  return { duration, setDuration, customValue, setCustomValue, customUnit, setCustomUnit, error, setError, seconds, check, until };
}
export type TtlChoice = ReturnType<typeof useTtlChoice>;

/** `untilLifted`: offer "Until lifted" (an override without an end). */
export function DurationPicker({ id, choice, untilLifted = true }: { id: string; choice: TtlChoice; untilLifted?: boolean }) {
  return (
    <fieldset>
      <legend className="mb-1 block text-xs font-medium text-slate-300">Duration</legend>
      <div className="flex flex-wrap gap-1.5" role="group">
        {[...PRESETS.filter((p) => untilLifted || p.seconds !== null), { label: "Custom", seconds: -1 }].map((d) => {
          const value = d.seconds === -1 ? "custom" : d.seconds;
          const selected = choice.duration === value;
          return (
            <button
              key={d.label}
              type="button"
              aria-pressed={selected}
              onClick={() => choice.setDuration(value)}
              className={cn(
                "h-7 rounded-md px-2.5 text-xs font-medium ring-1 ring-inset",
                selected ? "bg-sky-500/15 text-sky-200 ring-sky-500/50" : "bg-slate-800 text-slate-200 ring-slate-700 hover:bg-slate-700",
              )}
            >
              {d.label}
            </button>
          );
        })}
      </div>
      {choice.duration === "custom" ? (
        <div className="mt-2 flex items-start gap-2">
          <Field id={`${id}-custom`} label="Custom duration" error={choice.error} className="w-32">
            <Input id={`${id}-custom`} inputMode="decimal" value={choice.customValue} onChange={(e) => choice.setCustomValue(e.target.value)} />
          </Field>
          <Field id={`${id}-unit`} label="Unit" className="w-28">
            <Select id={`${id}-unit`} value={choice.customUnit} onChange={(e) => choice.setCustomUnit(e.target.value as Unit)}>
              <option value="s">seconds</option>
              <option value="min">minutes</option>
              <option value="h">hours</option>
            </Select>
          </Field>
        </div>
      ) : null}
    </fieldset>
  );
}
