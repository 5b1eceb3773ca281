// Silences: kept in memory (loaded from the database), created and expired by operators (audited);
// the alert lifecycle asks whether a new alert's labels are silenced.
import { isSilenced } from "@/lib/engine/alerts/silence";
import type { Labels } from "@/lib/engine/alerts/fingerprint";
import type { SilenceDto, SilenceInput } from "@/lib/contracts/alerts";
import type { AlertsRepo, SilenceRow } from "../persistence/repos/alerts";
import type { AuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServerClock } from "../clock";
import { notFound } from "../errors";
import { silenceDto } from "./alert-rows";

export interface SilencesDeps {
  repo: AlertsRepo;
  audit: AuditRecorder;
  clock: ServerClock;
  /** Cluster mode: silences changed here; the other instances reload them. */
  onShared?: () => void;
}

export function createSilences(deps: SilencesDeps) {
  let silences: SilenceRow[] = [];
  const now = () => deps.clock.now();
  const active = (at: number) => silences.filter((s) => s.endsAt.getTime() > at).map((s) => ({ matchers: JSON.parse(s.matchers) as Record<string, string>, endsAt: s.endsAt.getTime() }));

  return {
    /** Takes the database's view. */
    async load(): Promise<void> {
      silences = await deps.repo.silences();
    },
    /** Whether an alert with these labels raised at `at` is muted. */
    mutes(labels: Labels, at: number): boolean {
      return isSilenced(labels, active(at), at);
    },
    async listSilences(): Promise<SilenceDto[]> {
      const at = now();
      return silences.map((s) => silenceDto(s, at));
    },
    async createSilence(actor: Principal, input: SilenceInput): Promise<SilenceDto> {
      const row = await deps.repo.createSilence({
        matchers: JSON.stringify(input.matchers),
        startsAt: new Date(now()),
        endsAt: new Date(input.endsAt),
        comment: input.comment,
        createdBy: actor.username,
      });
      silences = [row, ...silences];
      deps.onShared?.();
      await deps.audit.record({ actor: actor.username, action: "silence.create", target: `silence:${row.id}`, after: { matchers: input.matchers, endsAt: input.endsAt }, reason: input.comment });
      return silenceDto(row, now());
    },
    async expireSilence(actor: Principal, id: string): Promise<SilenceDto> {
      const existing = silences.find((s) => s.id === id) ?? (await deps.repo.findSilence(id));
      if (!existing) throw notFound(`silence '${id}'`);
      const row = existing.endsAt.getTime() > now() ? await deps.repo.expireSilence(id, new Date(now())) : existing;
      silences = silences.map((s) => (s.id === id ? row : s));
      deps.onShared?.();
      await deps.audit.record({ actor: actor.username, action: "silence.expire", target: `silence:${id}`, before: { endsAt: existing.endsAt.toISOString() } });
      return silenceDto(row, now());
    },
  };
}
export type Silences = ReturnType<typeof createSilences>;
