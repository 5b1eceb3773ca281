"use client";
import { Select } from "@/components/ui/input";
import type { HealthFormState } from "../health-form-model";
import { Row, TextRow } from "./kit";

/** HTTP(S): method, expected statuses and body. */
export function HttpFields({ f }: { f: HealthFormState }) {
  return (
    <>
      <Row f={f} path="options.method" label="Method">
        <Select {...f.bind("options.method")}>
          {["GET", "HEAD", "POST", "PUT", "OPTIONS"].map((m) => (
            <option key={m}>{m}</option>
          ))}
        </Select>
      </Row>
      <TextRow f={f} path="options.expectStatus" label="Expected statuses" hint="Statuses or ranges, e.g. 200-399 or 200,204" mono />
      <TextRow f={f} path="options.expectBody" label="Body must contain" hint="Optional; empty = any body" mono />
      <Row f={f} path="options.bodyMatch" label="Body match">
        <Select {...f.bind("options.bodyMatch")}>
          <option value="substring">Substring</option>
          <option value="regex">Regular expression</option>
        </Select>
      </Row>
    </>
  );
}
