"use client";
import { REDACTED } from "@/lib/contracts/secrets";
import { OPTION_FIELDS, type HealthFormState } from "../health-form-model";
import { AreaRow, Toggle } from "./kit";

/** Headers, redirects and TLS: whichever of them the protocol has. */
export function ConnectionFields({ f }: { f: HealthFormState }) {
  const p = f.values.protocol;
  const has = (k: (typeof OPTION_FIELDS)[typeof p][number]) => OPTION_FIELDS[p].includes(k);
  const tlsOn = p !== "grpc" || f.values["options.tls"];
  return (
    <>
      {has("options.headers") ? <AreaRow f={f} path="options.headers" label="Headers" hint={`One per line: Name: value. Values shown as ${REDACTED} keep the stored secret.`} rows={3} placeholder="Authorization: Bearer …" /> : null}
      {has("options.followRedirects") ? <Toggle f={f} path="options.followRedirects" label="Follow redirects" hint="Otherwise a 3xx answer is judged by its own status" /> : null}
      {has("options.tls") ? <Toggle f={f} path="options.tls" label="Use TLS" /> : null}
      {has("options.ca") && tlsOn ? <AreaRow f={f} path="options.ca" label="CA certificate (PEM)" hint="Trusted in addition to the system's CAs; optional" rows={4} placeholder="-----BEGIN CERTIFICATE-----" /> : null}
      {has("options.insecureSkipVerify") && tlsOn ? <Toggle f={f} path="options.insecureSkipVerify" label="Skip certificate verification" hint="Accepts any certificate (self-signed, wrong host): for test setups only" /> : null}
    </>
  );
}
