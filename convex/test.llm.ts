/**
 * Helpers for gateway tests: a feature stand-in whose handler records every
 * event it receives, registered under a module path only tests load.
 */
import { makeFunctionReference } from "convex/server";
import { v } from "convex/values";
import { inject } from "vitest";
import type { Id } from "./_generated/dataModel";
import { internalMutation } from "./_generated/server";
import { llmHandlerArgs, type LlmEvent } from "./llm/events";
import { enqueueLlmCall, requestStop, type LlmHandler } from "./llm/queue";
import { llmParamsValidator, llmPriorityValidator, llmPurposeValidator } from "./llm/tables";
import { newTest, type TestConvex } from "./test.setup";

declare module "vitest" {
  export interface ProvidedContext {
    fakeAnthropicUrl: string;
    limitedFakeAnthropicUrl: string;
    slowFakeAnthropicUrl: string;
  }
}

const probeModule = {
  record: internalMutation({
    args: llmHandlerArgs,
    handler: async (ctx, { requestId, context, event }) => {
      await ctx.db.insert("logs", {
        level: "info",
        area: "probe",
        event: event.kind,
        traceId: String(requestId),
        fields: { event, context, receivedAt: Date.now() },
        at: Date.now(),
      });
    },
  }),
  enqueue: internalMutation({
    args: {
      purpose: llmPurposeValidator,
      priority: llmPriorityValidator,
      params: llmParamsValidator,
      stream: v.boolean(),
      context: v.optional(v.any()),
    },
    handler: async (ctx, args) =>
      enqueueLlmCall(ctx, {
        ...args,
        traceId: `trace-${Math.random().toString(36).slice(2)}`,
        handler: makeFunctionReference<"mutation">("llmProbe:record") as unknown as LlmHandler,
        context: args.context ?? null,
      }),
  }),
  stop: internalMutation({
    args: { requestId: v.id("llmRequests") },
    handler: (ctx, { requestId }) => requestStop(ctx, requestId),
  }),
};

export const probe = {
  enqueue: makeFunctionReference<"mutation">("llmProbe:enqueue"),
  stop: makeFunctionReference<"mutation">("llmProbe:stop"),
};

export type RecordedEvent = { requestId: string; event: LlmEvent; receivedAt: number };

export async function gatewayTest(env: Record<string, string> = {}, fake: "open" | "limited" | "slow" = "open") {
  const url = inject(fake === "open" ? "fakeAnthropicUrl" : fake === "limited" ? "limitedFakeAnthropicUrl" : "slowFakeAnthropicUrl");
  // A key of its own per test: the fake scopes scripted faults by key, so test
  // files running in parallel against one fake never take each other's faults.
  const apiKey = `test-key-${Math.random().toString(36).slice(2)}`;
  const settings: Record<string, string> = {
    ANTHROPIC_API_KEY: apiKey,
    ANTHROPIC_BASE_URL: url,
    LLM_RETRY_BASE_MS: "20",
    LLM_TIMEOUT_MS: "3000",
    LLM_BREAKER_COOLDOWN_MS: "300",
    ...env,
  };
  for (const key of Object.keys(process.env)) if (key.startsWith("LLM_")) delete process.env[key];
  Object.assign(process.env, settings);
  const t = await newTest({ "./llmProbe.ts": async () => probeModule });
  return { t, url, apiKey };
}

export function simpleParams(text = "I want to get better at delegating.", maxTokens = 200) {
  return { system: "You are a patient coach.", messages: [{ role: "user" as const, content: text }], maxTokens };
}

export async function events(t: TestConvex, requestId?: Id<"llmRequests">): Promise<RecordedEvent[]> {
  const rows = await t.run((ctx) => ctx.db.query("logs").withIndex("by_area_at", (q) => q.eq("area", "probe")).collect());
  return rows
    .filter((row) => requestId === undefined || row.traceId === requestId)
    .map((row) => ({ requestId: row.traceId, event: row.fields.event as LlmEvent, receivedAt: row.fields.receivedAt as number }));
}

/** Polls until `check` returns a value; scheduled functions run on real timers meanwhile. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("waitFor: timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function finalEvent(t: TestConvex, requestId: Id<"llmRequests">, timeoutMs?: number) {
  return waitFor(async () => {
    const all = await events(t, requestId);
    return all.find((e) => e.event.kind === "done" || e.event.kind === "failed");
  }, timeoutMs);
}

/** Queues faults for the current test's API key (set by gatewayTest). */
export async function fakeFaults(url: string, faults: { kind: string; retryAfterS?: number }[]) {
  const response = await fetch(`${url}/__faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ faults, apiKey: process.env.ANTHROPIC_API_KEY }),
  });
  if (!response.ok) throw new Error(`fake /__faults answered ${response.status}`);
}

export async function fakeStats(url: string) {
  return (await (await fetch(`${url}/__stats`)).json()) as Record<string, unknown>;
}
