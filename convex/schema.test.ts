import { describe, expect, test } from "vitest";
import { newTest } from "./test.setup";
import { signIn } from "./test.users";

// Round trips: what the product writes comes back unchanged, and the schema
// refuses shapes it does not declare.
describe("schema", () => {
  test("a coaching session and its messages round-trip", async () => {
    const t = await newTest();
    const { userId } = await signIn(t, "alice@example.com");
    const stored = await t.run(async (ctx) => {
      const sessionId = await ctx.db.insert("coachingSessions", {
        userId,
        frameworkId: "GROW",
        challenge: "I want to lead my team's migration.",
        recommendation: {
          frameworkId: "GROW",
          confidence: 0.82,
          reason: "A clear goal with options to weigh.",
          alternatives: ["CLEAR"],
          source: "keywords",
        },
        status: "active",
        currentStepIndex: 1,
        userTurnsInStep: 0,
        collected: { goal: { goal: "Lead the migration", deadline: "2026-12-31" } },
        missing: { reality: [{ field: "obstacles", problem: "missing" }] },
        startedAt: 1,
        lastActivityAt: 2,
      });
      await ctx.db.insert("coachingMessages", {
        sessionId,
        userId,
        role: "assistant",
        text: "What does success look like?",
        status: "done",
        stepIndex: 0,
        usage: { inputTokens: 120, outputTokens: 30, costMicros: 810 },
        createdAt: 3,
        updatedAt: 4,
      });
      const session = await ctx.db.get("coachingSessions", sessionId);
      const messages = await ctx.db
        .query("coachingMessages")
        .withIndex("by_session", (q) => q.eq("sessionId", sessionId))
        .collect();
      return { session, messages };
    });
    expect(stored.session?.collected.goal).toEqual({ goal: "Lead the migration", deadline: "2026-12-31" });
    expect(stored.session?.recommendation?.alternatives).toEqual(["CLEAR"]);
    expect(stored.messages).toHaveLength(1);
    expect(stored.messages[0].usage).toEqual({ inputTokens: 120, outputTokens: 30, costMicros: 810 });
  });

  test("an unknown session status is refused", async () => {
    const t = await newTest();
    const { userId } = await signIn(t, "alice@example.com");
    await expect(
      t.run((ctx) =>
        ctx.db.insert("coachingSessions", {
          userId,
          frameworkId: "GROW",
          challenge: "x",
          status: "sleeping" as "active",
          currentStepIndex: 0,
          userTurnsInStep: 0,
          collected: {},
          missing: {},
          startedAt: 1,
          lastActivityAt: 1,
        }),
      ),
    ).rejects.toThrow(/Validator error.*"sleeping"/s);
  });

  test("an unknown framework id is refused", async () => {
    const t = await newTest();
    const { userId } = await signIn(t, "alice@example.com");
    await expect(
      t.run((ctx) =>
        ctx.db.insert("coachingSessions", {
          userId,
          frameworkId: "SWOT" as "GROW",
          challenge: "x",
          status: "active",
          currentStepIndex: 0,
          userTurnsInStep: 0,
          collected: {},
          missing: {},
          startedAt: 1,
          lastActivityAt: 1,
        }),
      ),
    ).rejects.toThrow(/Validator error.*"SWOT"/s);
  });

  test("templates, immutable versions, batches, items and conversations link up", async () => {
    const t = await newTest();
    const { userId } = await signIn(t, "admin@example.com");
    const result = await t.run(async (ctx) => {
      const templateId = await ctx.db.insert("promptTemplates", {
        name: "grow-synthetic",
        nameKey: "grow-synthetic",
        description: "Synthetic GROW sessions",
        tier: "template",
        purpose: "generation",
        personas: ["new manager"],
        emotions: ["anxious"],
        styleNotes: "",
        exampleConversation: "",
        qualityThreshold: 6,
        active: false,
        archived: false,
        latestVersion: 1,
        usageCount: 0,
        qualitySum: 0,
        qualityCount: 0,
        averageQuality: -1,
        createdBy: userId,
        createdAt: 1,
        updatedBy: userId,
        updatedAt: 1,
      });
      const versionId = await ctx.db.insert("promptTemplateVersions", {
        templateId,
        version: 1,
        body: "Coach a {{persona}} through {{framework}}.",
        variables: [
          { name: "persona", type: "text", required: true },
          { name: "framework", type: "dropdown", required: true, options: ["GROW", "CLEAR"] },
        ],
        note: "first",
        usageCount: 0,
        createdBy: userId,
        createdAt: 1,
      });
      await ctx.db.patch("promptTemplates", templateId, { activeVersionId: versionId, active: true });
      const retry = { strategy: "exponential" as const, maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000, jitter: true };
      const batchId = await ctx.db.insert("generationBatches", {
        name: "first",
        createdBy: userId,
        templateId,
        templateVersionId: versionId,
        model: "claude-sonnet-5-5",
        matrix: [{ variable: "persona", values: ["new manager"] }, { variable: "framework", values: ["GROW"] }],
        mode: "all",
        seed: 1,
        options: { priority: "normal", concurrency: 3, retry, onError: "continue", itemTimeoutMs: 60_000 },
        status: "running",
        total: 1,
        inserted: 1,
        counts: { queued: 0, running: 0, retrying: 0, succeeded: 1, failed: 0, cancelled: 0 },
        costMicros: 900,
        inputTokens: 100,
        outputTokens: 40,
        estimate: { lowMicros: 500, highMicros: 2000 },
        pausedMs: 0,
        recentCompletions: [3],
        events: [{ kind: "started", at: 2, message: "Started 1 items." }],
        createdAt: 2,
        startedAt: 2,
        updatedAt: 3,
      });
      const itemId = await ctx.db.insert("generationItems", {
        batchId,
        index: 0,
        templateId,
        templateVersionId: versionId,
        model: "claude-sonnet-5-5",
        values: { persona: "new manager", framework: "GROW" },
        status: "succeeded",
        attempts: 2,
        attemptBase: 1,
        maxAttempts: 3,
        retry,
        onError: "continue",
        costMicros: 900,
        inputTokens: 100,
        outputTokens: 40,
        createdBy: userId,
        createdAt: 2,
        updatedAt: 3,
      });
      const conversationId = await ctx.db.insert("generatedConversations", {
        templateId,
        templateVersionId: versionId,
        batchId,
        itemId,
        framework: "GROW",
        turns: [
          { role: "client", text: "I want to delegate more." },
          { role: "coach", text: "What would delegating well look like?" },
        ],
        values: { persona: "new manager", framework: "GROW" },
        model: "claude-sonnet-5-5",
        inputTokens: 100,
        outputTokens: 40,
        costMicros: 900,
        latencyMs: 1,
        attempts: 2,
        status: "needs_revision",
        pool: "production",
        score: 4.2,
        quality: {
          overall: 4.2,
          flagged: true,
          threshold: 6,
          confidence: "medium",
          criteria: {
            turnCount: { score: 3, weight: 0.3, measured: "2 turns", target: "8–16 turns", details: [] },
            length: { score: 5, weight: 0.25, measured: "12 words", target: "150–1600 words", details: [] },
            structure: { score: 5, weight: 0.25, measured: "", target: "", details: [] },
            confidence: { score: 6, weight: 0.2, measured: "", target: "", details: [] },
          },
          recommendations: ["Add turns."],
          flags: ["too_short"],
          reasons: ["Score 4.2 is below the template's threshold of 6.0."],
          scoredAt: 4,
        },
        reviewStatus: "pending",
        createdBy: userId,
        createdAt: 4,
      });
      await ctx.db.patch("generationItems", itemId, { conversationId });
      const pending = await ctx.db
        .query("generatedConversations")
        .withIndex("by_reviewStatus", (q) => q.eq("reviewStatus", "pending"))
        .collect();
      const template = await ctx.db.get("promptTemplates", templateId);
      return { pending, template, versionId };
    });
    expect(result.template?.activeVersionId).toBe(result.versionId);
    expect(result.pending).toHaveLength(1);
    expect(result.pending[0].quality?.criteria.turnCount.score).toBe(3);
  });

  test("llm calls, rate-limit windows, logs and roll-ups are stored and indexed", async () => {
    const t = await newTest();
    const rows = await t.run(async (ctx) => {
      await ctx.db.insert("llmCalls", {
        purpose: "coaching",
        model: "claude-sonnet-4-5",
        attempt: 2,
        status: "failed",
        traceId: "tr_1",
        inputTokens: 0,
        outputTokens: 0,
        costMicros: 0,
        errorClass: "overloaded",
        startedAt: 10,
        finishedAt: 20,
      });
      await ctx.db.insert("rateLimitWindows", {
        key: "chat:u1",
        windowMs: 60_000,
        admittedAt: [60_000, 61_000, 62_000],
        expiresAt: 122_000,
      });
      await ctx.db.insert("logs", {
        level: "warn",
        area: "llm",
        event: "retry_scheduled",
        traceId: "tr_1",
        fields: { attempt: 2 },
        at: 20,
      });
      await ctx.db.insert("analyticsRollups", {
        kind: "llm_daily",
        bucket: "2026-11-22",
        key: "model=claude-sonnet-4-5|purpose=coaching",
        values: { calls: 1, errors: 1 },
        updatedAt: 30,
      });
      return {
        failed: await ctx.db
          .query("llmCalls")
          .withIndex("by_status_startedAt", (q) => q.eq("status", "failed"))
          .collect(),
        window: await ctx.db
          .query("rateLimitWindows")
          .withIndex("by_key", (q) => q.eq("key", "chat:u1"))
          .unique(),
        trace: await ctx.db
          .query("logs")
          .withIndex("by_trace", (q) => q.eq("traceId", "tr_1"))
          .collect(),
        rollup: await ctx.db
          .query("analyticsRollups")
          .withIndex("by_kind_bucket_key", (q) => q.eq("kind", "llm_daily").eq("bucket", "2026-11-22"))
          .unique(),
      };
    });
    expect(rows.failed[0].errorClass).toBe("overloaded");
    expect(rows.window?.admittedAt).toHaveLength(3);
    expect(rows.trace[0].fields).toEqual({ attempt: 2 });
    expect(rows.rollup?.values).toEqual({ calls: 1, errors: 1 });
  });

  test("an llm call with an unknown error class is refused", async () => {
    const t = await newTest();
    await expect(
      t.run((ctx) =>
        ctx.db.insert("llmCalls", {
          purpose: "coaching",
          model: "m",
          attempt: 1,
          status: "failed",
          traceId: "x",
          inputTokens: 0,
          outputTokens: 0,
          costMicros: 0,
          errorClass: "gremlins" as "unknown",
          startedAt: 1,
        }),
      ),
    ).rejects.toThrow(/Validator error.*"gremlins"/s);
  });
});
