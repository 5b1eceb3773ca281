"use client";
// The fault builder: latency, error, abort and bandwidth, each switched on with its own fields and
// the share of in-scope requests it hits.
import { FormSection } from "@/components/ui/form-section";
import { Input } from "@/components/ui/input";
import { NumberRow, Row, Toggle, type ExperimentFormState } from "./form-fields";

const PERCENT_HINT = "Share of in-scope requests, 0–100";

export function FaultFields({ f }: { f: ExperimentFormState }) {
  const none = f.error("faults");
  return (
    <FormSection title="Faults" description="What happens where the gateway would call the upstream. Breakers, retries, timeouts and SLOs see these as real upstream failures." testId="experiment-faults">
      <div className="mt-3 space-y-3 outline-none" id="experiment-field-faults" tabIndex={-1} aria-describedby={none ? "experiment-field-faults-error" : undefined}>
        {none ? (
          <p id="experiment-field-faults-error" data-testid="experiment-error-faults" className="text-xs text-rose-300">
            {none}
          </p>
        ) : null}
        <Toggle f={f} path="fault.error.on" label="Error" hint="Answer with a 5xx status without calling the upstream">
          <NumberRow f={f} path="fault.error.status" label="HTTP status" hint="500–599" />
          <NumberRow f={f} path="fault.error.percent" label="Percent" hint={PERCENT_HINT} />
          <Row f={f} path="fault.error.body" label="Body (optional)">
            <Input {...f.bind("fault.error.body")} autoComplete="off" placeholder="e.g. injected by chaos" />
          </Row>
        </Toggle>
        <Toggle f={f} path="fault.latency.on" label="Latency" hint="Wait before the upstream call; the service's timeout still applies">
          <NumberRow f={f} path="fault.latency.ms" label="Delay (ms)" hint="1–600000" />
          <NumberRow f={f} path="fault.latency.jitterMs" label="Jitter (ms, optional)" hint="± up to this much" />
          <NumberRow f={f} path="fault.latency.percent" label="Percent" hint={PERCENT_HINT} />
        </Toggle>
        <Toggle f={f} path="fault.abort.on" label="Abort" hint="Reset the upstream connection: the guards see a connection error">
          <NumberRow f={f} path="fault.abort.percent" label="Percent" hint={PERCENT_HINT} />
        </Toggle>
        <Toggle f={f} path="fault.bandwidth.on" label="Bandwidth" hint="Throttle the response body">
          <NumberRow f={f} path="fault.bandwidth.bytesPerSecond" label="Bytes per second" hint="64–1000000000" />
          <NumberRow f={f} path="fault.bandwidth.percent" label="Percent" hint={PERCENT_HINT} />
        </Toggle>
      </div>
    </FormSection>
  );
}
