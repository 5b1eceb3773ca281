"use client";
// Create / edit a health check (admin). The fields follow the chosen protocol; validated with the
// shared `healthCheckInputSchema` and `PROTOCOL_OPTIONS[protocol]` on blur and on submit; messages
// under the fields (ids `health-field-<path with dashes>`, errors `data-testid="health-error-<dotted.path>"`);
// what the user typed stays; submit is disabled while saving; server 400 details land by path.
import { useRouter } from "next/navigation";
import { FormAlert } from "@/components/ui/field";
import { FieldGrid, FormActions, FormSection } from "@/components/ui/form-section";
import { Select } from "@/components/ui/input";
import { request } from "@/lib/client/api";
import { toast } from "@/lib/client/stores/toasts";
import { useFormState } from "@/lib/client/use-form-state";
import { HEALTH_PROTOCOLS, TARGET_HINTS, type HealthCheckDto } from "@/lib/contracts/health";
import { ServiceSelect } from "../services/service-select";
import { PROTOCOL_LABEL } from "./format";
import { buildHealthBody, checkHealth, healthFieldId, initialHealthValues, placeHealthErrors, type HealthValues } from "./health-form-model";
import { ConnectionFields } from "./protocol-fields/connection-fields";
import { HttpFields } from "./protocol-fields/http-fields";
import { Row, TextRow } from "./protocol-fields/kit";
import { CustomFields, GrpcFields, WebSocketFields } from "./protocol-fields/other-fields";

export function HealthForm({ check: existing, services, customCheckers, presetService }: { check: HealthCheckDto | null; services: string[]; customCheckers: string[]; presetService?: string }) {
  const router = useRouter();
  const isNew = existing === null;
  const f = useFormState<HealthValues>({ initial: () => initialHealthValues(existing, services, presetService), check: checkHealth, place: placeHealthErrors, fieldId: healthFieldId });

  const onSubmit = f.submit(async (v) => {
    const { body } = buildHealthBody(v);
    const r = await request<HealthCheckDto>(isNew ? "/api/v1/health-checks" : `/api/v1/health-checks/${encodeURIComponent(existing.id)}`, { method: isNew ? "POST" : "PUT", body });
    toast.success(isNew ? `Health check of '${r.data.service}' created` : `Health check of '${r.data.service}' saved`, "The first result arrives within a second.");
    router.push(`/health/${encodeURIComponent(r.data.id)}`);
    router.refresh();
  });

  const p = f.values.protocol;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="health-form" data-protocol={p} aria-busy={f.submitting || undefined}>
      <FormAlert message={f.formError} testId="health-form-error" />
      <FormSection title="What is checked">
        <FieldGrid>
          <Row f={f} path="service" label="Service" hint="Its breaker opens while the check is unhealthy">
            <ServiceSelect {...f.bind("service")} services={services} />
          </Row>
          <Row f={f} path="protocol" label="Protocol" hint="The options below follow the protocol">
            <Select {...f.bind("protocol")}>
              {HEALTH_PROTOCOLS.map((x) => (
                <option key={x} value={x}>
                  {PROTOCOL_LABEL[x]}
                </option>
              ))}
            </Select>
          </Row>
          <TextRow f={f} path="target" label="Target" hint={`e.g. ${TARGET_HINTS[p]}`} placeholder={TARGET_HINTS[p]} mono wide />
        </FieldGrid>
      </FormSection>
      <FormSection title="Schedule and thresholds">
        <FieldGrid columns={4}>
          <TextRow f={f} path="intervalMs" label="Interval (ms)" hint="Every run, ± 10 % jitter; ≥ 1000" />
          <TextRow f={f} path="timeoutMs" label="Timeout (ms)" hint="Shorter than the interval" />
          <TextRow f={f} path="healthyThreshold" label="Healthy after" hint="Successes in a row" />
          <TextRow f={f} path="unhealthyThreshold" label="Unhealthy after" hint="Failures in a row" />
        </FieldGrid>
      </FormSection>
      <FormSection title={`${PROTOCOL_LABEL[p]} options`} testId="health-options">
        {p === "tcp" ? <p className="mt-1 text-sm text-slate-400">No options: healthy when a TCP connection is established within the timeout.</p> : null}
        <FieldGrid>
          {p === "http" || p === "https" ? <HttpFields f={f} /> : null}
          {p === "grpc" ? <GrpcFields f={f} /> : null}
          {p === "websocket" ? <WebSocketFields f={f} /> : null}
          {p === "custom" ? <CustomFields f={f} checkers={customCheckers} /> : null}
          <ConnectionFields f={f} />
        </FieldGrid>
      </FormSection>
      <FormActions cancelHref={isNew ? "/health" : `/health/${encodeURIComponent(existing.id)}`} submitting={f.submitting} label={isNew ? "Create check" : "Save changes"} testId="health-submit" />
    </form>
  );
}
