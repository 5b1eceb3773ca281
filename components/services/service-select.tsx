"use client";
import { Select, type SelectProps } from "@/components/ui/input";

/** A choice of service for a form (health check, SLO); keeps a value that no longer exists visible. */
export function ServiceSelect({ services, value, ...rest }: Omit<SelectProps, "children" | "value"> & { services: string[]; value: string }) {
  return (
    <Select value={value} {...rest}>
      {services.length === 0 ? <option value="">No services — add one first</option> : null}
      {value && !services.includes(value) ? <option value={value}>{value} (not found)</option> : null}
      {services.map((s) => (
        <option key={s} value={s}>
          {s}
        </option>
      ))}
    </Select>
  );
}
