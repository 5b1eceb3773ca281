"use client";
// Create / edit a service. Every field of the shared `serviceSchema`, validated with it on blur and
// on submit; messages under the fields (ids `field-<path with dashes>`, errors
// `data-testid="error-<dotted.path>"`); server 400 details are shown by path too.
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { CheckField, Field, FormAlert } from "@/components/ui/field";
import { FieldGrid, FormActions, FormSection } from "@/components/ui/form-section";
import { Input, Select } from "@/components/ui/input";
import { request } from "@/lib/client/api";
import { toast } from "@/lib/client/stores/toasts";
import { useFormState } from "@/lib/client/use-form-state";
import type { ServiceDto } from "@/lib/contracts/services";
import { ADAPTIVE_ALGORITHM, ADAPTIVE_CHOICES, adaptiveChoice, adaptiveSpecs } from "./service-form-adaptive";
import {
  BASICS,
  BREAKER,
  buildServiceBody,
  BULKHEAD,
  checkService,
  initialServiceValues,
  JITTER_AT,
  PER_USER,
  placeServiceErrors,
  RETRY,
  serviceFieldId,
  WINDOW_AT,
  windowPath,
  type ServiceValues,
  type Spec,
} from "./service-form-model";

export function ServiceForm({ service }: { service: ServiceDto | null }) {
  const isNew = service === null;
  const router = useRouter();
  const [init] = useState(() => initialServiceValues(service));
  const [perUser, setPerUser] = useState(init.perUser);
  const f = useFormState<ServiceValues>({ initial: init.values, check: (v) => checkService(v, perUser, isNew), place: placeServiceErrors, fieldId: serviceFieldId });

  const onSubmit = f.submit(async (v) => {
    const body = buildServiceBody(v, perUser).body;
    if (!isNew) delete body.name;
    const name = isNew ? String(body.name) : service.name;
    if (isNew) await request(`/api/v1/services`, { method: "POST", body });
    else await request(`/api/v1/services/${encodeURIComponent(name)}`, { method: "PUT", body });
    toast.success(isNew ? `Service ${name} created` : `Service ${name} saved`, "Applied to the gateway immediately.");
    router.push(`/services/${encodeURIComponent(name)}`);
    router.refresh();
  });

  /** A field row; a nested path's message also carries `error-<path with dashes>`. */
  const row = (path: string, label: string, control: ReactNode, hint?: string, unit?: string) => {
    const message = f.error(path);
    const error = message && path.includes(".") ? <span data-testid={`error-${path.replaceAll(".", "-")}`}>{message}</span> : message;
    return (
      <Field key={path} id={serviceFieldId(path)} label={label} unit={unit} hint={hint} error={error} errorTestId={`error-${path}`}>
        {control}
      </Field>
    );
  };
  const control = (spec: Spec, disabled?: boolean) =>
    row(
      spec.path,
      spec.label,
      <Input {...f.bind(spec.path)} inputMode={spec.kind === "int" ? "numeric" : spec.kind === "number" ? "decimal" : undefined} autoComplete="off" spellCheck={false} disabled={disabled} />,
      spec.hint,
      spec.unit,
    );

  const countWindow = f.values["breaker.window.type"] !== "time";
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="service-form" aria-label={isNew ? "New service" : `Edit ${service.name}`} aria-busy={f.submitting || undefined}>
      <FormAlert message={f.formError} testId="form-error" />
      <FormSection title="Service" description="Traffic to the gateway port at /<name>/… is proxied to the base URL.">
        <FieldGrid columns={3}>
          {isNew ? control({ path: "name", label: "Name", kind: "text", hint: "Lower-case letters, digits, - and _; also the breaker's name" }) : control({ path: "name", label: "Name", kind: "text", hint: "The name cannot be changed" }, true)}
          {BASICS.map((s) => control(s))}
        </FieldGrid>
      </FormSection>
      <FormSection title="Circuit breaker" description="When to stop sending traffic, and how to find out it is healthy again.">
        <FieldGrid columns={3}>
          {BREAKER.slice(0, WINDOW_AT).map((s) => control(s))}
          {row(
            "breaker.window.type",
            "Window type",
            <Select {...f.bind("breaker.window.type")}>
              <option value="count">count (last N calls)</option>
              <option value="time">time (last N seconds)</option>
            </Select>,
          )}
          {control({ path: windowPath(f.values), label: countWindow ? "Window size" : "Window seconds", kind: "int", unit: countWindow ? "calls" : "s", hint: countWindow ? "1–100000" : "1–3600" })}
          {BREAKER.slice(WINDOW_AT).map((s) => control(s))}
        </FieldGrid>
      </FormSection>
      <FormSection title="Bulkhead" description="How many calls may run at once, and how many may wait.">
        <FieldGrid columns={3}>{BULKHEAD.map((s) => control(s))}</FieldGrid>
      </FormSection>
      <FormSection title="Adaptive limit" description="Let the bulkhead find the upstream's capacity from the latency it observes; the limit then takes the place of Max concurrent." testId="adaptive-section">
        <FieldGrid columns={3}>
          {row(
            ADAPTIVE_ALGORITHM,
            "Algorithm",
            <Select {...f.bind(ADAPTIVE_ALGORITHM)}>
              {ADAPTIVE_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </Select>,
            adaptiveChoice(f.values) === "off" ? "Max concurrent above is the fixed limit" : "Max concurrent is ignored while this is on",
          )}
          {adaptiveSpecs(f.values).map((s) => control(s))}
        </FieldGrid>
      </FormSection>
      <FormSection title="Per-user bulkhead">
        <CheckField id={serviceFieldId("perUserBulkhead.enabled")} asSwitch checked={perUser} onChange={setPerUser} label="Limit each caller" hint="Keyed by a header, a query parameter or the client IP." className="mt-1" />
        {perUser ? <FieldGrid columns={3}>{PER_USER.map((s) => control(s))}</FieldGrid> : null}
      </FormSection>
      <FormSection title="Retries" description="Idempotent requests only, within a retry budget.">
        <FieldGrid columns={3}>
          {RETRY.slice(0, JITTER_AT).map((s) => control(s))}
          {row(
            "retry.jitter",
            "Jitter",
            <Select {...f.bind("retry.jitter")}>
              {["none", "full", "equal", "decorrelated"].map((j) => (
                <option key={j}>{j}</option>
              ))}
            </Select>,
          )}
          {RETRY.slice(JITTER_AT).map((s) => control(s))}
        </FieldGrid>
      </FormSection>
      <FormActions onCancel={() => router.back()} submitting={f.submitting} label={isNew ? "Create service" : "Save changes"} testId="service-submit" />
    </form>
  );
}
