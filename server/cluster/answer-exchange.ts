// Answer sharing, on demand: a chaos experiment's `error_rate` stop condition reads the whole
// cluster's answers of its service. Every second, the services an instance was asked about are
// marked in `bw:…:answers-asked` (a sorted set scored by when the question lapses); every instance
// shares its answers per 10-s slot of the last 15 min for each marked service, when they changed, in
// `bw:…:answers:<service>` (a field per instance, as the breakers' windows), and the instances that
// asked read the hash back. While nobody asks, an exchange is one read. State lives in answer-figures.ts.
import type { ClusterContext } from "./cluster-context";
import { ANSWERS_ASKED_MS, createAnswerFigures } from "./answer-figures";
import { SLOTS, SLOT_MS } from "../traffic/service-stats";
import type { SlotAnswers } from "../traffic/answers";

/** How often answers are exchanged (stop conditions are checked every second). */
export const ANSWER_SHARE_MS = 1_000;
/** Shared slots outlive the traffic ring (15 min) a little. */
const ANSWERS_TTL_MS = SLOTS * SLOT_MS + 60_000;

/** This instance's slots with answers for a service at `now` (empty for a service it does not serve). */
export type AnswerSource = (service: string, now: number) => SlotAnswers[];

export function createAnswerExchange(deps: Omit<ClusterContext, "breakers">) {
  const { cmd, keys } = deps;
  const figures = createAnswerFigures(deps.instanceId, deps.clock);
  let source: AnswerSource | undefined;

  /** Marks the services this instance asks about; returns those any instance asks about. */
  async function demand(mine: string[], now: number): Promise<string[]> {
    const p = cmd.pipeline();
    if (mine.length > 0) {
      p.zremrangebyscore(keys.answersAsked, "-inf", now);
      for (const s of mine) p.zadd(keys.answersAsked, now + ANSWERS_ASKED_MS, s);
      p.pexpire(keys.answersAsked, 2 * ANSWERS_ASKED_MS);
    }
    p.zrangebyscore(keys.answersAsked, now, "+inf");
    const res = (await p.exec()) ?? [];
    const last = res[res.length - 1];
    return !last?.[0] && Array.isArray(last?.[1]) ? (last[1] as string[]) : [];
  }

  /** Shares this instance's answers for what is asked, and reads back what this instance asks. */
  async function shareAndRead(wanted: string[], mine: string[], now: number): Promise<void> {
    const p = cmd.pipeline();
    for (const s of wanted) {
      const json = source ? figures.toShare(s, source(s, now)) : undefined;
      if (json) p.hset(keys.answers(s), deps.instanceId, json).pexpire(keys.answers(s), ANSWERS_TTL_MS);
    }
    for (const s of mine) p.hgetall(keys.answers(s));
    if (p.length === 0) return;
    const res = (await p.exec()) ?? [];
    const reads = res.slice(res.length - mine.length);
    mine.forEach((s, i) => {
      const [err, fields] = reads[i] ?? [];
      if (!err && fields && typeof fields === "object") figures.absorb(s, fields as Record<string, string>);
    });
  }

  return {
    /** Where this instance's answers come from (the gateway's traffic figures). */
    share(fn: AnswerSource): void {
      source = fn;
    },
    othersIn: figures.othersIn,
    forget: figures.forget,
    async exchange(): Promise<void> {
      if (deps.degraded.isDegraded()) return;
      const now = deps.clock.now();
      const mine = figures.asked();
      try {
        await shareAndRead(await demand(mine, now), mine, now);
      } catch (err) {
        deps.degraded.set(true, (err as Error).message);
      }
    },
  };
}
