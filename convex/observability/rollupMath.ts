/**
 * Pure roll-up arithmetic: how one finished LLM call or one session event
 * adds to `analyticsRollups` values. The jobs in rollups.ts feed rows through
 * these; tests recount raw rows through them too and compare.
 *
 * Kinds (bucket → key → values):
 * - `llm_daily`  (UTC day of finishedAt) → `model=…|purpose=…` → calls, succeeded,
 *   failed, stopped, inputTokens, outputTokens, costMicros, latencyCount,
 *   latencySumMs, `lat_<bin>` (histogram.ts), `err_<errorClass>`.
 * - `llm_hourly` (UTC hour of finishedAt) → `all` → calls, failed, costMicros:
 *   enough for health's error rate over the last 24 h.
 * - `user_daily` (UTC day of finishedAt) → `user=<id>` (or `user=none`) →
 *   calls, failed, inputTokens, outputTokens, costMicros.
 * - `sessions_daily` (UTC day of the event) → `framework=<id>` → started,
 *   completed, abandoned, `drop_<stepIndex>` (where abandoned sessions stopped).
 */
import { addLatency } from "./histogram";

export const KIND = {
  llmDaily: "llm_daily",
  llmHourly: "llm_hourly",
  userDaily: "user_daily",
  sessionsDaily: "sessions_daily",
} as const;

export const DROP_PREFIX = "drop_";
export const ERROR_PREFIX = "err_";

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function utcHour(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13);
}

export const llmKey = (model: string, purpose: string) => `model=${model}|purpose=${purpose}`;
export const userKey = (userId: string | undefined) => `user=${userId ?? "none"}`;
export const frameworkKey = (frameworkId: string) => `framework=${frameworkId}`;

/** Splits `a=1|b=2` into { a: "1", b: "2" }. */
export function parseKey(key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of key.split("|")) {
    const at = part.indexOf("=");
    if (at > 0) out[part.slice(0, at)] = part.slice(at + 1);
  }
  return out;
}

export type RollupCell = { kind: string; bucket: string; key: string; values: Record<string, number> };

/** Pending additions, keyed by kind/bucket/key. */
export class RollupDelta {
  readonly cells = new Map<string, RollupCell>();

  add(kind: string, bucket: string, key: string, values: Record<string, number>): void {
    const id = `${kind}\u0000${bucket}\u0000${key}`;
    let cell = this.cells.get(id);
    if (!cell) {
      cell = { kind, bucket, key, values: {} };
      this.cells.set(id, cell);
    }
    mergeInto(cell.values, values);
  }

  get size(): number {
    return this.cells.size;
  }
}

export function mergeInto(target: Record<string, number>, values: Record<string, number>): Record<string, number> {
  for (const [name, amount] of Object.entries(values)) target[name] = (target[name] ?? 0) + amount;
  return target;
}

export type FinishedCall = {
  model: string;
  purpose: string;
  status: string;
  userId?: string;
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
  latencyMs?: number;
  errorClass?: string;
  finishedAt: number;
};

export function addCall(delta: RollupDelta, call: FinishedCall): void {
  const day = utcDay(call.finishedAt);
  const failed = call.status === "failed" ? 1 : 0;
  const values: Record<string, number> = {
    calls: 1,
    succeeded: call.status === "succeeded" ? 1 : 0,
    failed,
    stopped: call.status === "stopped" ? 1 : 0,
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    costMicros: call.costMicros,
  };
  if (call.latencyMs !== undefined) {
    values.latencyCount = 1;
    values.latencySumMs = call.latencyMs;
    addLatency(values, call.latencyMs);
  }
  if (failed && call.errorClass) values[`${ERROR_PREFIX}${call.errorClass}`] = 1;
  delta.add(KIND.llmDaily, day, llmKey(call.model, call.purpose), values);
  delta.add(KIND.llmHourly, utcHour(call.finishedAt), "all", { calls: 1, failed, costMicros: call.costMicros });
  delta.add(KIND.userDaily, day, userKey(call.userId), {
    calls: 1,
    failed,
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    costMicros: call.costMicros,
  });
}

export type SessionEvent =
  | { kind: "started"; frameworkId: string; at: number }
  | { kind: "completed"; frameworkId: string; at: number }
  | { kind: "abandoned"; frameworkId: string; at: number; stepIndex: number };

export function addSessionEvent(delta: RollupDelta, event: SessionEvent): void {
  const values: Record<string, number> = { [event.kind]: 1 };
  if (event.kind === "abandoned") values[`${DROP_PREFIX}${event.stepIndex}`] = 1;
  delta.add(KIND.sessionsDaily, utcDay(event.at), frameworkKey(event.frameworkId), values);
}
