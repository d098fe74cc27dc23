import { v } from "convex/values";
import { ensureProviderModeChecked } from "../llm/providerMode";
import { coachingQuery, coachingMutation } from "./access";
import { internal } from "../_generated/api";
import { internalMutation } from "../_generated/server";
import { appError } from "../lib/errors";
import { ensureOwned } from "../lib/functions";
import { sanitizeUserText } from "../lib/sanitize";
import { enqueueLlmCall } from "../llm/queue";
import { readGate } from "../llm/state";
import { llmHandlerArgsFor } from "../llm/events";
import { consumeUserLimit } from "../llm/userLimits";
import { asUntrustedUserData } from "./injection";
import { recommendByKeywords } from "./keywordMatch";
import { parseRecommendation, RECOMMEND_TOOL, recommenderPrompt } from "./recommenderTool";
import { recommendationStatusValidator, recommendationValidator } from "./tables";

const UNAVAILABLE = "Our AI recommender is unavailable right now, so this suggestion comes from matching keywords in your description.";

export const requestRecommendation = coachingMutation({
  args: { challenge: v.string() },
  returns: v.id("frameworkRecommendations"),
  handler: async (ctx, { challenge }) => {
    const clean = sanitizeUserText(challenge);
    if (clean.text.length < 10) {
      throw appError("INVALID_INPUT", "Tell us a little more about your challenge (at least 10 characters).", { field: "challenge" });
    }
    await consumeUserLimit(ctx, "chat", ctx.user._id);
    const now = Date.now();
    const gateway = await readGate(ctx);
    const unavailable = gateway.breaker === "open" || (gateway.pausedUntil !== undefined && gateway.pausedUntil > now + 5_000);
    if (unavailable) {
      return await ctx.db.insert("frameworkRecommendations", {
        userId: ctx.user._id,
        challenge: clean.text,
        status: "ready",
        result: recommendByKeywords(clean.text),
        fallbackReason: UNAVAILABLE,
        createdAt: now,
      });
    }
    await consumeUserLimit(ctx, "global", "all");
    const id = await ctx.db.insert("frameworkRecommendations", {
      userId: ctx.user._id,
      challenge: clean.text,
      status: "pending",
      createdAt: now,
    });
    const llmRequestId = await enqueueLlmCall(ctx, {
      purpose: "classification",
      priority: "interactive",
      userId: ctx.user._id,
      traceId: `rec_${id}`,
      stream: false,
      params: {
        system: recommenderPrompt(),
        messages: [{ role: "user", content: asUntrustedUserData(clean.text) }],
        tools: [RECOMMEND_TOOL],
        toolChoice: { type: "tool", name: RECOMMEND_TOOL.name },
        maxTokens: 400,
      },
      handler: internal.coaching.recommendations.onRecommendation,
      context: { recommendationId: id },
    });
    await ctx.db.patch("frameworkRecommendations", id, { llmRequestId });
    // A newcomer's first call to Claude: from here on the SPA can say whether the coach is simulated.
    await ensureProviderModeChecked(ctx);
    return id;
  },
});

export const getRecommendation = coachingQuery({
  args: { recommendationId: v.id("frameworkRecommendations") },
  returns: v.object({
    _id: v.id("frameworkRecommendations"),
    challenge: v.string(),
    status: recommendationStatusValidator,
    result: v.optional(recommendationValidator),
    fallbackReason: v.optional(v.string()),
  }),
  handler: async (ctx, { recommendationId }) => {
    const rec = ensureOwned(ctx.user, await ctx.db.get("frameworkRecommendations", recommendationId), "recommendation");
    return { _id: rec._id, challenge: rec.challenge, status: rec.status, result: rec.result, fallbackReason: rec.fallbackReason };
  },
});

export const onRecommendation = internalMutation({
  args: llmHandlerArgsFor(v.object({ recommendationId: v.id("frameworkRecommendations") })),
  returns: v.null(),
  handler: async (ctx, { context, event }) => {
    const { recommendationId } = context;
    const rec = await ctx.db.get("frameworkRecommendations", recommendationId);
    if (!rec || rec.status === "ready") return null;
    if (event.kind === "done") {
      const parsed = parseRecommendation(event.toolUses.find((use) => use.name === RECOMMEND_TOOL.name)?.input, rec.challenge);
      await ctx.db.patch("frameworkRecommendations", recommendationId, {
        status: "ready",
        result: parsed ?? recommendByKeywords(rec.challenge),
        fallbackReason: parsed ? undefined : UNAVAILABLE,
      });
    } else if (event.kind === "failed") {
      await ctx.db.patch("frameworkRecommendations", recommendationId, {
        status: "ready",
        result: recommendByKeywords(rec.challenge),
        fallbackReason: UNAVAILABLE,
      });
    }
    return null;
  },
});
