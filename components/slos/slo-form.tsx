"use client";
// Create / edit an SLO. Validated with the shared `sloInputSchema` on blur and on submit; messages
// under the fields (ids `slo-field-<path with dashes>`, errors `data-testid="slo-error-<dotted.path>"`);
// what the user typed stays; submit is disabled while saving; server 400 details land by path.
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { CheckField, Field, FormAlert } from "@/components/ui/field";
import { FieldGrid, FormActions, FormSection } from "@/components/ui/form-section";
import { Input, Select } from "@/components/ui/input";
import { request } from "@/lib/client/api";
import { numberReader, schemaErrors } from "@/lib/client/form-errors";
import { toast } from "@/lib/client/stores/toasts";
import { useFormState } from "@/lib/client/use-form-state";
import { sloInputSchema, type SloDto } from "@/lib/contracts/slos";
import { SLO_WINDOW_PRESETS } from "@/lib/engine/slo/options";
import { errorBudgetText, windowInWords } from "./format";
import { ServiceSelect } from "../services/service-select";

export const sloFieldId = (path: string) => `slo-field-${path.replaceAll(".", "-")}`;

type Values = {
  name: string;
  service: string;
  "sli.type": "availability" | "latency";
  "sli.thresholdMs": string;
  "sli.countUserLimited": boolean;
  objective: string;
  windowSeconds: string;
  "alerting.pageBurnRate": string;
  "alerting.ticketBurnRate": string;
  trip: boolean;
  tripBreakerOnBurnRate: string;
};

function initial(slo: SloDto | null, services: string[]): Values {
  return {
    name: slo?.name ?? "",
    service: slo?.service ?? services[0] ?? "",
    "sli.type": slo?.sli.type ?? "availability",
    "sli.thresholdMs": slo?.sli.type === "latency" ? String(slo.sli.thresholdMs) : "300",
    "sli.countUserLimited": slo?.sli.countUserLimited ?? false,
    objective: slo ? String(slo.objective) : "99.9",
    windowSeconds: String(slo?.windowSeconds ?? SLO_WINDOW_PRESETS["30d"]),
    "alerting.pageBurnRate": String(slo?.alerting.pageBurnRate ?? 14.4),
    "alerting.ticketBurnRate": String(slo?.alerting.ticketBurnRate ?? 1),
    trip: slo ? slo.tripBreakerOnBurnRate !== null : false,
    tripBreakerOnBurnRate: slo?.tripBreakerOnBurnRate != null ? String(slo.tripBreakerOnBurnRate) : "14.4",
  };
}

/** The request body, plus errors that exist before the schema (empty or not a number). */
function build(v: Values): { body: Record<string, unknown>; pre: Record<string, string> } {
  const pre: Record<string, string> = {};
  const num = numberReader(v, pre);
  const countUserLimited = v["sli.countUserLimited"];
  const sli = v["sli.type"] === "latency" ? { type: "latency", thresholdMs: num("sli.thresholdMs"), countUserLimited } : { type: "availability", countUserLimited };
  const body = {
    name: v.name,
    service: v.service,
    sli,
    objective: num("objective"),
    windowSeconds: Number(v.windowSeconds),
    alerting: { pageBurnRate: num("alerting.pageBurnRate"), ticketBurnRate: num("alerting.ticketBurnRate") },
    tripBreakerOnBurnRate: v.trip ? num("tripBreakerOnBurnRate") : null,
  };
  return { body, pre };
}

const check = (v: Values) => {
  const { body, pre } = build(v);
  return schemaErrors(sloInputSchema, body, pre);
};

export function SloForm({ slo, services }: { slo: SloDto | null; services: string[] }) {
  const router = useRouter();
  const isNew = slo === null;
  const f = useFormState<Values>({ initial: () => initial(slo, services), check, fieldId: sloFieldId });
  const { values } = f;

  const onSubmit = f.submit(async (v) => {
    const r = await request<SloDto>(isNew ? "/api/v1/slos" : `/api/v1/slos/${encodeURIComponent(slo.id)}`, { method: isNew ? "POST" : "PUT", body: build(v).body });
    toast.success(isNew ? `SLO '${r.data.name}' created` : `SLO '${r.data.name}' saved`);
    router.push(`/slos/${encodeURIComponent(r.data.id)}`);
    router.refresh();
  });

  const row = (path: string, label: string, hint: ReactNode, control: ReactNode) => (
    <Field {...f.row(path)} label={label} hint={hint} errorTestId={`slo-error-${path}`}>
      {control}
    </Field>
  );
  const number = (path: "sli.thresholdMs" | "objective" | "alerting.pageBurnRate" | "alerting.ticketBurnRate" | "tripBreakerOnBurnRate") => <Input {...f.bind(path)} type="text" inputMode="decimal" className="tabular-nums" />;

  const isLatency = values["sli.type"] === "latency";
  const windowSecs = Number(values.windowSeconds);
  const budget = errorBudgetText(values.objective, windowSecs, values["sli.type"]);
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="slo-form" aria-busy={f.submitting || undefined}>
      <FormAlert message={f.formError} testId="slo-form-error" />
      <FormSection title="What is measured">
        <FieldGrid>
          {row("name", "Name", "e.g. payments availability", <Input {...f.bind("name")} autoComplete="off" />)}
          {row("service", "Service", "Calls through the gateway (/<service>/… on its port) count as events", <ServiceSelect {...f.bind("service")} services={services} />)}
          {row(
            "sli.type",
            "SLI type",
            isLatency ? "Good = faster than the threshold" : "Good = the gateway classified the call a success",
            <Select {...f.bind("sli.type")}>
              <option value="availability">Availability</option>
              <option value="latency">Latency</option>
            </Select>,
          )}
          {isLatency ? row("sli.thresholdMs", "Latency threshold (ms)", "A call is good when it takes strictly less", number("sli.thresholdMs")) : null}
        </FieldGrid>
        <CheckField
          id={sloFieldId("sli.countUserLimited")}
          checked={values["sli.countUserLimited"]}
          onChange={(on) => f.set("sli.countUserLimited", on)}
          label="Count per-user limit refusals (429) as bad events"
          hint="Off by default: a noisy client's own 429s do not spend the service's budget. Refusals by an open breaker or a full bulkhead always count."
          className="mt-4"
        />
      </FormSection>
      <FormSection title="Objective">
        <FieldGrid>
          {row("objective", "Objective (%)", "Share of good events, between 0 and 100 (exclusive), e.g. 99.9", number("objective"))}
          {row(
            "windowSeconds",
            "Window",
            "Rolling; burn windows scale with it",
            <Select {...f.bind("windowSeconds")}>
              {!Object.values(SLO_WINDOW_PRESETS).map(String).includes(values.windowSeconds) ? <option value={values.windowSeconds}>{values.windowSeconds} s (custom)</option> : null}
              {Object.entries(SLO_WINDOW_PRESETS).map(([k, secs]) => (
                <option key={k} value={secs}>
                  {k} — {windowInWords(secs)}
                </option>
              ))}
            </Select>,
          )}
        </FieldGrid>
        <p className="mt-3 text-sm text-slate-300" data-testid="slo-budget" aria-live="polite">
          {budget ? <>Error budget: {budget}</> : "Enter an objective between 0 and 100 to see its error budget."}
        </p>
      </FormSection>
      <FormSection title="Alerting" description="Multi-window burn-rate alerts: a rule fires while its long and short windows both burn at least this fast (1× = exactly the sustainable rate).">
        <FieldGrid>
          {row("alerting.pageBurnRate", "Page at burn rate (×)", "Critical alert; 1h and 5m windows (scaled). Default 14.4", number("alerting.pageBurnRate"))}
          {row("alerting.ticketBurnRate", "Ticket at burn rate (×)", "Warning alert; 3d and 6h windows (scaled). Default 1", number("alerting.ticketBurnRate"))}
        </FieldGrid>
        <CheckField id={sloFieldId("tripBreakerOnBurnRate.enabled")} asSwitch checked={values.trip} onChange={(on) => f.set("trip", on)} label="Open the service's breaker while the budget burns fast" className="mt-4" />
        {values.trip ? <FieldGrid>{row("tripBreakerOnBurnRate", "Trip at burn rate (×)", "While the page rule's windows both burn at least this fast", number("tripBreakerOnBurnRate"))}</FieldGrid> : null}
      </FormSection>
      <FormActions cancelHref={isNew ? "/slos" : `/slos/${encodeURIComponent(slo.id)}`} submitting={f.submitting} label={isNew ? "Create SLO" : "Save changes"} testId="slo-submit" />
    </form>
  );
}
