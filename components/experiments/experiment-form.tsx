"use client";
// Create a chaos experiment. Checked with the shared `experimentCreateSchema` as you type (messages
// once a field was left, or after a submit); the server's 400 details land on the same fields
// (ids `experiment-field-<path with dashes>`, errors `data-testid="experiment-error-<path>"`);
// the plain-language summary follows every keystroke.
import { useRouter } from "next/navigation";
import { FormAlert } from "@/components/ui/field";
import { FieldGrid, FormActions, FormSection } from "@/components/ui/form-section";
import { Input, Select, TextArea } from "@/components/ui/input";
import { request } from "@/lib/client/api";
import { useExperiments } from "@/lib/client/stores/experiments";
import { toast } from "@/lib/client/stores/toasts";
import { useFormState } from "@/lib/client/use-form-state";
import type { ExperimentDto } from "@/lib/contracts/experiments";
import { ServiceSelect } from "../services/service-select";
import { HypothesisFields, StopConditionFields } from "./condition-fields";
import { build, check, experimentFieldId, initialValues, place, summary, type SloOption, type Values } from "./experiment-form-model";
import { FaultFields } from "./fault-fields";
import { Sentence } from "./format";
import { NumberRow, Row, type ExperimentFormState } from "./form-fields";

function ScopeFields({ f, services, onService }: { f: ExperimentFormState; services: string[]; onService: (s: string) => void }) {
  const service = f.bind("service");
  return (
    <FormSection title="Experiment and blast radius" description="Only requests that match every criterion you give are in scope; the rest are never touched.">
      <FieldGrid>
        <Row f={f} path="name" label="Name" hint="e.g. payments answers 503">
          <Input {...f.bind("name")} autoComplete="off" />
        </Row>
        <Row f={f} path="service" label="Service">
          <ServiceSelect {...service} onChange={(e) => onService(e.target.value)} services={services} />
        </Row>
        <NumberRow f={f} path="target.percent" label="Share of requests (%)" hint="Empty = all matching requests" placeholder="100" />
        <Row f={f} path="target.users" label="Users (optional)" hint="User keys as the per-user bulkhead reads them, comma- or line-separated">
          <TextArea {...f.bind("target.users")} rows={2} />
        </Row>
        <Row f={f} path="target.header.name" label="Header name (optional)" hint="Only requests carrying this header…">
          <Input {...f.bind("target.header.name")} autoComplete="off" placeholder="e.g. x-chaos" />
        </Row>
        <Row f={f} path="target.header.value" label="Header value" hint="…with exactly this value">
          <Input {...f.bind("target.header.value")} autoComplete="off" />
        </Row>
      </FieldGrid>
    </FormSection>
  );
}

function TimingFields({ f }: { f: ExperimentFormState }) {
  return (
    <FormSection title="When" description="An experiment runs 10 s to 1 h; without a start time it starts at once.">
      <FieldGrid columns={3}>
        <NumberRow f={f} path="duration" label="Duration" hint="10 s – 1 h" />
        <Row f={f} path="durationUnit" label="Unit">
          <Select {...f.bind("durationUnit")}>
            <option value="min">minutes</option>
            <option value="s">seconds</option>
          </Select>
        </Row>
        <Row f={f} path="startAt" label="Start at (optional)" hint="Your local time; up to 7 days ahead">
          <Input {...f.bind("startAt")} type="datetime-local" />
        </Row>
      </FieldGrid>
    </FormSection>
  );
}

export function ExperimentForm({ services, slos }: { services: string[]; slos: SloOption[] }) {
  const router = useRouter();
  const f = useFormState<Values>({ initial: () => initialValues(services, slos), check, fieldId: experimentFieldId, place });
  const { values } = f;
  const serviceSlos = slos.filter((s) => s.service === values.service);

  // another service: its own SLOs in the pickers
  function onService(service: string) {
    f.set("service", service);
    const own = slos.filter((s) => s.service === service);
    if (!own.some((s) => s.id === values["stop.slo_burn.slo"])) f.set("stop.slo_burn.slo", own[0]?.id ?? "");
    if (own.length === 0) f.set("stop.slo_burn.on", false);
    if (!own.some((s) => s.id === values["hypothesis.sloRemainingAbove.slo"])) f.set("hypothesis.sloRemainingAbove.slo", "");
  }

  const onSubmit = f.submit(async (v) => {
    const r = await request<ExperimentDto>("/api/v1/experiments", { method: "POST", body: build(v).body });
    useExperiments.getState().upsert([r.data]);
    toast.success(r.data.status === "running" ? `${r.data.name} is running` : `${r.data.name} is scheduled`, r.data.summary);
    router.push(`/experiments/${encodeURIComponent(r.data.id)}`);
  });

  const sentence = summary(values, slos);
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="experiment-form" aria-busy={f.submitting || undefined}>
      <FormAlert message={f.formError} testId="experiment-form-error" />
      <ScopeFields f={f} services={services} onService={onService} />
      <FaultFields f={f} />
      <TimingFields f={f} />
      <StopConditionFields f={f} slos={serviceSlos} />
      <HypothesisFields f={f} slos={serviceSlos} />
      <section aria-labelledby="experiment-summary-title" className="rounded-lg bg-amber-500/10 p-4 ring-1 ring-inset ring-amber-500/30">
        <h2 id="experiment-summary-title" className="text-xs font-medium uppercase tracking-wide text-amber-200">
          In plain words
        </h2>
        <p className="mt-1 text-sm text-slate-100" data-testid="experiment-summary" aria-live="polite">
          {sentence ? <Sentence text={sentence} /> : "Switch on a fault and give a duration to see what this experiment does."}
        </p>
      </section>
      <FormActions cancelHref="/experiments" submitting={f.submitting} label={values.startAt ? "Schedule experiment" : "Start experiment"} submittingLabel="Creating…" testId="experiment-submit" />
    </form>
  );
}
