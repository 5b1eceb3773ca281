"use client";
// Lifting an override, confirmed: by default the breaker goes to half-open so a few trial calls
// decide whether the upstream is really back; "Close now" trusts it at once.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { api, errorMessage } from "@/lib/client/api";
import { useLive } from "@/lib/client/stores/live";
import { toast } from "@/lib/client/stores/toasts";
import type { BreakerDto, LiftTarget } from "@/lib/contracts/breakers";

const RESULT: Record<LiftTarget, string> = {
  half_open: "Half-open: a few trial calls decide whether it closes or opens again.",
  closed: "Closed: the breaker counts calls again from empty windows.",
};

export async function liftOverride(name: string, to: LiftTarget = "half_open"): Promise<boolean> {
  try {
    const b = await api.del<BreakerDto>(`/api/v1/breakers/${encodeURIComponent(name)}/force?to=${to}`);
    if (b && typeof b === "object" && "name" in b) useLive.getState().breakerStats([b]);
    toast.success(`Override lifted on ${name}`, RESULT[to]);
    return true;
  } catch (err) {
    toast.error(`Could not lift the override on ${name}`, errorMessage(err));
    return false;
  }
}

export function LiftDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const [busy, setBusy] = useState<LiftTarget | null>(null);
  async function lift(to: LiftTarget) {
    setBusy(to);
    const ok = await liftOverride(name, to);
    setBusy(null);
    if (ok) onClose();
  }
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Lift the override on ${name}?`}
      description={`The breaker goes to half-open: a few trial calls reach ${name}, and their outcome closes the breaker or opens it again. Close it now instead only if you know ${name} is healthy.`}
      testId="lift-dialog"
    >
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button onClick={() => void lift("closed")} disabled={busy !== null} data-testid="lift-close-now">
          {busy === "closed" ? "Closing…" : "Close now"}
        </Button>
        <Button variant="primary" onClick={() => void lift("half_open")} disabled={busy !== null} data-testid="lift-half-open">
          {busy === "half_open" ? "Lifting…" : "Lift to half-open"}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
