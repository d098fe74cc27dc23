/**
 * The one structured logger. Every function logs through it; `console.*` is
 * banned elsewhere in convex/ by ESLint.
 *
 * An entry is { level, area, event, traceId, userHash?, fields, at }:
 * - `area` is the feature ("llm", "coaching", "users", "observability", "auth");
 * - `traceId` follows one request from the mutation that starts it, through
 *   the gateway's queue and action, to the mutation that commits the result
 *   (coaching creates it with `newTraceId()`, the gateway stores it on
 *   llmRequests/llmCalls and hands it back to feature handlers);
 * - `userHash` is a salted SHA-256 of the user id (`hashUserId`), never the id;
 * - `fields` went through lib/redact.ts: no emails, phones, keys, tokens,
 *   JWTs, card numbers or message bodies (bodies stay when LOG_DEBUG=1).
 *
 * Where entries go depends on what the calling function may do:
 * - anywhere, `log.info(event, fields)` (and debug/warn/error) writes one JSON
 *   line to the console, which is the deployment's log stream. Queries can
 *   only do this: they cannot write.
 * - in a mutation, `await log.persist(ctx, level, event, fields)` also inserts
 *   the entry into the `logs` table, in the caller's transaction (so it rolls
 *   back with it and never outlives a failed write).
 * - in an action, the same `log.persist(ctx, …)` call redacts the entry in the
 *   action and hands it to the internal mutation `observability/logs:write`
 *   (actions cannot touch the database). Use it for rare events: each call is
 *   one extra mutation.
 * Persisted info entries are not echoed to the console (the table is their
 * home); warnings and errors are, so the deployment log shows every problem.
 * Debug entries exist only when LOG_DEBUG=1.
 */
import { internal } from "../_generated/api";
import type { ActionCtx, MutationCtx } from "../_generated/server";
import { observabilityConfig, type ObservabilityConfig } from "../observability/config";
import { redactFields, redactString } from "./redact";
import { sha256Hex } from "./sha256";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;
export type LogContext = { traceId?: string; userId?: string | null };

export type LogEntry = {
  level: LogLevel;
  area: string;
  event: string;
  traceId: string;
  userHash?: string;
  fields: Record<string, unknown>;
  at: number;
};

export const NO_TRACE = "-";

/** A new id for one request's trail through the logs, e.g. `tr_m3k9x2a1b2c3d4e5`. */
export function newTraceId(prefix = "tr"): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/** Stable, salted, non-reversible user reference for logs (`u_` + 16 hex digits of SHA-256). */
export function hashUserId(userId: string, salt = loggingConfig().hashSalt): string {
  return `u_${sha256Hex(`${salt}:${userId}`).slice(0, 16)}`;
}

const DEFAULTS: ObservabilityConfig = observabilityConfigDefaults();

function observabilityConfigDefaults(): ObservabilityConfig {
  return observabilityConfig({});
}

let reportedConfigError: string | undefined;

/**
 * The logger must never take a function down: with a bad LOG_* variable it
 * falls back to defaults and reports the problem once (readiness reports it too).
 */
export function loggingConfig(): ObservabilityConfig {
  try {
    return observabilityConfig();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (reportedConfigError !== message) {
      reportedConfigError = message;
      console.error(JSON.stringify({ level: "error", area: "observability", event: "log_config_invalid", message, at: Date.now() }));
    }
    return DEFAULTS;
  }
}

/** Builds a redacted entry, or null for a debug entry while debug is off. */
export function buildEntry(
  area: string,
  context: LogContext,
  level: LogLevel,
  event: string,
  fields: LogFields = {},
  now = Date.now(),
): LogEntry | null {
  const config = loggingConfig();
  if (level === "debug" && !config.debug) return null;
  const entry: LogEntry = {
    level,
    area: redactString(area).slice(0, 64),
    event: redactString(event).slice(0, 128),
    traceId: (context.traceId ?? NO_TRACE).slice(0, 128),
    fields: redactFields(fields, { debug: config.debug }),
    at: now,
  };
  if (context.userId) entry.userHash = hashUserId(context.userId, config.hashSalt);
  return entry;
}

function toConsole(entry: LogEntry): void {
  const line = JSON.stringify(entry);
  if (entry.level === "error") console.error(line);
  else if (entry.level === "warn") console.warn(line);
  else console.log(line);
}

/** Inserts already-redacted entries; used by mutations and by the action relay. */
export async function insertEntries(ctx: MutationCtx, entries: LogEntry[]): Promise<void> {
  for (const entry of entries) await ctx.db.insert("logs", entry);
}

/**
 * Records once per user which hash stands for them (observability `logActors`),
 * so the admin log viewer can show an email while log rows hold only the hash.
 */
async function rememberActor(ctx: MutationCtx, userHash: string, userId: string): Promise<void> {
  const id = ctx.db.normalizeId("users", userId);
  if (!id) return;
  const known = await ctx.db
    .query("logActors")
    .withIndex("by_userHash", (q) => q.eq("userHash", userHash))
    .first();
  if (!known) await ctx.db.insert("logActors", { userHash, userId: id });
}

type PersistCtx = MutationCtx | ActionCtx;

function isMutationCtx(ctx: PersistCtx): ctx is MutationCtx {
  return "db" in ctx && typeof (ctx as MutationCtx).db?.insert === "function";
}

export type Logger = {
  readonly area: string;
  readonly context: LogContext;
  debug: (event: string, fields?: LogFields) => void;
  info: (event: string, fields?: LogFields) => void;
  warn: (event: string, fields?: LogFields) => void;
  error: (event: string, fields?: LogFields) => void;
  /** The same logger with more context (a trace id, the user it concerns). */
  with: (context: LogContext) => Logger;
  /** Console and the `logs` table: directly from a mutation, via an internal mutation from an action. */
  persist: (ctx: PersistCtx, level: LogLevel, event: string, fields?: LogFields) => Promise<void>;
};

export function logger(area: string, context: LogContext = {}): Logger {
  const write = (level: LogLevel) => (event: string, fields?: LogFields) => {
    const entry = buildEntry(area, context, level, event, fields);
    if (entry) toConsole(entry);
  };
  return {
    area,
    context,
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    with: (more) => logger(area, { ...context, ...more }),
    persist: async (ctx, level, event, fields) => {
      const entry = buildEntry(area, context, level, event, fields);
      if (!entry) return;
      if (level === "warn" || level === "error") toConsole(entry);
      if (isMutationCtx(ctx)) {
        await insertEntries(ctx, [entry]);
        if (context.userId && entry.userHash) await rememberActor(ctx, entry.userHash, context.userId);
      } else {
        await ctx.runMutation(internal.observability.logs.write, { entries: [entry] });
      }
    },
  };
}
