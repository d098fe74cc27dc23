import { z } from "zod";
import { boolVar, intVar, parseEnv } from "../lib/env";

/**
 * Settings for logging, retention and readiness, validated with zod on first
 * use. A bad value names the variable and says how to set it (lib/env.ts).
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | LOG_DEBUG | 0 | 1 keeps message bodies in logs (patterns are still scrubbed) and keeps debug entries |
 * | LOG_HASH_SALT | "" | mixed into the hashed user id in logs, so hashes can't be matched to ids without it |
 * | LOG_RETENTION_DAYS | 30 | days a `logs` row is kept |
 * | LLM_CALL_RETENTION_DAYS | 90 | days `llmCalls` (and finished `llmRequests`) are kept |
 * | ABANDONED_MESSAGE_RETENTION_DAYS | 30 | days after abandonment a session's messages are kept |
 * | READYZ_TIMEOUT_MS | 2500 | how long /readyz waits for Claude's /v1/models |
 */
const observabilitySchema = z.object({
  LOG_DEBUG: boolVar(false),
  LOG_HASH_SALT: z.string().default(""),
  LOG_RETENTION_DAYS: intVar(30, { min: 1 }),
  LLM_CALL_RETENTION_DAYS: intVar(90, { min: 1 }),
  ABANDONED_MESSAGE_RETENTION_DAYS: intVar(30, { min: 1 }),
  READYZ_TIMEOUT_MS: intVar(2500, { min: 100 }),
});

export type ObservabilityConfig = {
  debug: boolean;
  hashSalt: string;
  retention: { logsDays: number; llmCallsDays: number; abandonedMessagesDays: number };
  readyzTimeoutMs: number;
};

const DAY_MS = 24 * 60 * 60 * 1000;
export const daysToMs = (days: number) => days * DAY_MS;

export function observabilityConfig(env: Record<string, string | undefined> = process.env): ObservabilityConfig {
  const parsed = parseEnv(observabilitySchema, env);
  return {
    debug: parsed.LOG_DEBUG,
    hashSalt: parsed.LOG_HASH_SALT,
    retention: {
      logsDays: parsed.LOG_RETENTION_DAYS,
      llmCallsDays: parsed.LLM_CALL_RETENTION_DAYS,
      abandonedMessagesDays: parsed.ABANDONED_MESSAGE_RETENTION_DAYS,
    },
    readyzTimeoutMs: parsed.READYZ_TIMEOUT_MS,
  };
}
