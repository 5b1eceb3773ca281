"use client";
import { Select } from "@/components/ui/input";
import type { HealthFormState } from "../health-form-model";
import { AreaRow, Row, TextRow } from "./kit";

/** gRPC: the service asked through grpc.health.v1. */
export function GrpcFields({ f }: { f: HealthFormState }) {
  return <TextRow f={f} path="options.serviceName" label="Service name" hint="Asked through grpc.health.v1.Health/Check; empty = the whole server" wide mono placeholder="e.g. payments.v1.Payments" />;
}

/** WebSocket: an optional message to send and what a reply must contain. */
export function WebSocketFields({ f }: { f: HealthFormState }) {
  return (
    <>
      <TextRow f={f} path="options.send" label="Send after connecting" hint="Optional message" mono />
      <TextRow f={f} path="options.expect" label="Reply must contain" hint="Optional; waits for replies until the timeout" mono />
    </>
  );
}

/** Custom: a checker registered in the config file, and its JSON config. */
export function CustomFields({ f, checkers }: { f: HealthFormState; checkers: string[] }) {
  const current = f.values["options.checker"];
  return (
    <>
      <Row f={f} path="options.checker" label="Checker" hint={checkers.length ? "A checker registered in the config file" : "No custom checkers are registered: list modules under healthCheckers in the config file"}>
        <Select {...f.bind("options.checker")}>
          <option value="">{checkers.length ? "Choose a checker…" : "None registered"}</option>
          {current && !checkers.includes(current) ? <option value={current}>{current} (not registered)</option> : null}
          {checkers.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </Select>
      </Row>
      <AreaRow f={f} path="options.config" label="Config (JSON)" hint="Passed to the checker and validated by its own schema" rows={5} placeholder='{ "limit": 1000 }' />
    </>
  );
}
