import { Badge, type Tone } from "@/components/ui/badge";
import { IconAlert, IconBell, IconCheck, IconInfo } from "@/components/ui/icons";
import type { AlertDto } from "@/lib/contracts/alerts";

const SEV: Record<AlertDto["severity"], { tone: Tone; label: string }> = {
  critical: { tone: "rose", label: "Critical" },
  warning: { tone: "amber", label: "Warning" },
  info: { tone: "neutral", label: "Info" },
};

export function SeverityBadge({ severity }: { severity: AlertDto["severity"] }) {
  const s = SEV[severity];
  return (
    <Badge tone={s.tone} data-testid="severity-badge" data-severity={severity}>
      {severity === "info" ? <IconInfo width={12} height={12} /> : <IconAlert width={12} height={12} />}
      {s.label}
    </Badge>
  );
}

export function AlertStatusBadge({ status }: { status: AlertDto["status"] }) {
  if (status === "firing")
    return (
      <Badge tone="rose" data-testid="alert-status">
        <IconBell width={12} height={12} /> Firing
      </Badge>
    );
  if (status === "acknowledged")
    return (
      <Badge tone="sky" data-testid="alert-status">
        <IconCheck width={12} height={12} /> Acknowledged
      </Badge>
    );
  return (
    <Badge tone="emerald" data-testid="alert-status">
      <IconCheck width={12} height={12} /> Resolved
    </Badge>
  );
}
