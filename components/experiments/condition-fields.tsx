"use client";
// When the experiment stops by itself (an SLO burning too fast, too many errors), and what it is
// expected to show (the hypothesis, judged at the end).
import { FieldGrid, FormSection } from "@/components/ui/form-section";
import { Select } from "@/components/ui/input";
import type { SloOption } from "./experiment-form-model";
import { NumberRow, Row, Toggle, type ExperimentFormState } from "./form-fields";

function SloSelect({ f, path, slos, allowNone }: { f: ExperimentFormState; path: "stop.slo_burn.slo" | "hypothesis.sloRemainingAbove.slo"; slos: SloOption[]; allowNone?: boolean }) {
  const value = f.values[path];
  return (
    <Select {...f.bind(path)}>
      {allowNone ? <option value="">No SLO clause</option> : null}
      {!allowNone && slos.length === 0 ? <option value="">No SLO on this service</option> : null}
      {value && !slos.some((s) => s.id === value) ? <option value={value}>{value} (not on this service)</option> : null}
      {slos.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </Select>
  );
}

export function StopConditionFields({ f, slos }: { f: ExperimentFormState; slos: SloOption[] }) {
  return (
    <FormSection title="Stop conditions" description="Checked every second; the first one met stops the experiment. The duration always applies." testId="experiment-stops">
      <div className="mt-3 space-y-3">
        <Toggle f={f} path="stop.slo_burn.on" label="Stop when an SLO burns too fast" hint={slos.length ? "The SLO's 1 h burn rate" : "The service has no SLO yet"} disabled={slos.length === 0}>
          <Row f={f} path="stop.slo_burn.slo" label="SLO">
            <SloSelect f={f} path="stop.slo_burn.slo" slos={slos} />
          </Row>
          <NumberRow f={f} path="stop.slo_burn.above" label="Burn rate above (×)" hint="e.g. 14.4 (the paging rate)" />
        </Toggle>
        <Toggle f={f} path="stop.error_rate.on" label="Stop when the error rate is too high" hint="Client-visible errors of the whole service, out-of-scope traffic included">
          <NumberRow f={f} path="stop.error_rate.above" label="Error rate above (%)" hint="0–100" />
          <NumberRow f={f} path="stop.error_rate.windowSeconds" label="Over the last (s)" hint="10–3600" />
        </Toggle>
      </div>
    </FormSection>
  );
}

export function HypothesisFields({ f, slos }: { f: ExperimentFormState; slos: SloOption[] }) {
  const sloClause = f.values["hypothesis.sloRemainingAbove.slo"] !== "";
  return (
    <FormSection title="Hypothesis" description="What you expect; judged when the experiment ends. Leave a clause empty to skip it." testId="experiment-hypothesis">
      <FieldGrid columns={3}>
        <NumberRow f={f} path="hypothesis.breakerOpensWithinSeconds" label="Breaker opens within (s)" hint="Optional, 1–3600" />
        <NumberRow f={f} path="hypothesis.maxErrorRate" label="Error rate at most (%)" hint="Optional, over the whole experiment" />
        <Row f={f} path="hypothesis.sloRemainingAbove.slo" label="SLO budget left">
          <SloSelect f={f} path="hypothesis.sloRemainingAbove.slo" slos={slos} allowNone />
        </Row>
        {sloClause ? <NumberRow f={f} path="hypothesis.sloRemainingAbove.percent" label="Budget left above (%)" hint="0–100" /> : null}
      </FieldGrid>
    </FormSection>
  );
}
